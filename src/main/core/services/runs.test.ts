import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { AppError } from '@shared/errors';
import type { RunHistoryFilters, RunHistorySort, RunWindow } from '@shared/ipc-runs';
import type { Run, RunsPage } from '@shared/schemas/automation';
import { ftsMatchExpression, textSearchFor } from '../db/run-fts';
import { runWordsOf } from '../db/run-words';
import type { LocalDb } from '../db/connection';
import type { ServerClient } from '../sync/http-client';
import { generatedRun, openRunsDb, seeded, storeRuns } from '../testing/local-runs';
import { pruneRunHistory } from '../sync/run-retention';
import { LISTED_MAX } from './run-window';
import { exportRunsCsv, queryRuns } from './runs';
import type { ServerAccess } from './runs';

// One generated history, bigger than LISTED_MAX so the keyset walk (not only the listed path) is read.
const count = LISTED_MAX + 4_000;
const bots = [
  { id: uuidv7(), name: 'Invoice bot' },
  { id: uuidv7(), name: 'Payroll bot' },
  { id: uuidv7(), name: 'Ledger bot' },
];
const start = Date.UTC(2025, 0, 1);
let env: ReturnType<typeof openRunsDb>;
let db: LocalDb;
let orgId: string;
/** The runs in insertion (rowid) order, the reference every answer is checked against. */
let runs: Run[];

const offline: ServerAccess = {
  signedIn: () => false,
  call: () => Promise.reject(new AppError('offline', 'offline')),
};

beforeAll(() => {
  env = openRunsDb();
  ({ db, orgId } = env);
  const random = seeded(7);
  runs = Array.from({ length: count }, (_, i) => generatedRun(orgId, i, { bots, start, stepMs: 60_000, random }));
  storeRuns(db, orgId, runs);
});

afterAll(() => env?.dispose());

const tokens = (s: string | null) => (s ?? '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** What the person expects a search to find: every word's letters in sequence, the last one as a prefix. */
function textMatches(run: Run, text: string): boolean {
  const words = text
    .trim()
    .split(/\s+/u)
    .map(tokens)
    .filter((w) => w.length > 0);
  const prefixLast = !/\s$/u.test(text);
  return words.every((phrase, wi) => {
    const prefix = prefixLast && wi === words.length - 1;
    return [tokens(run.error), tokens(run.log)].some((col) =>
      col.some((_, start) =>
        phrase.every((t, k) => {
          const got = col[start + k];
          return got !== undefined && (prefix && k === phrase.length - 1 ? got.startsWith(t) : got === t);
        }),
      ),
    );
  });
}

function expected(filters: RunHistoryFilters, sort: RunHistorySort): string[] {
  const rowid = new Map(runs.map((r, i) => [r.id, i]));
  const value = (r: Run) =>
    sort.key === 'queuedAt' ? r.queuedAt : sort.key === 'durationMs' ? r.durationMs : r.credits;
  const sign = sort.dir === 'asc' ? 1 : -1;
  return runs
    .filter(
      (r) =>
        (!filters.botId || r.botId === filters.botId) &&
        (!filters.status || r.status === filters.status) &&
        (!filters.from || r.queuedAt >= filters.from) &&
        (!filters.to || r.queuedAt <= filters.to) &&
        (!filters.text || textMatches(r, filters.text)),
    )
    .sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      // NULLs (no duration yet) sort first ascending, last descending — as SQLite orders them.
      if (va !== vb) {
        if (va === null) return -sign;
        if (vb === null) return sign;
        return (va < vb ? -1 : 1) * sign;
      }
      // Ties in duration or credits go by queue time, then by storage order.
      if (sort.key !== 'queuedAt' && a.queuedAt !== b.queuedAt) return (a.queuedAt < b.queuedAt ? -1 : 1) * sign;
      return ((rowid.get(a.id) ?? 0) - (rowid.get(b.id) ?? 0)) * sign;
    })
    .map((r) => r.id);
}

async function readAll(filters: RunHistoryFilters, sort: RunHistorySort, windowSize: number): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += windowSize) {
    const w = await queryRuns(db, offline, { orgId, filters, sort, offset, limit: windowSize });
    ids.push(...w.rows.map((r) => r.id));
    if (offset + windowSize >= w.localTotal) return ids;
  }
}

const newest: RunHistorySort = { key: 'queuedAt', dir: 'desc' };
const day = (d: number) => new Date(start + d * 86_400_000).toISOString();

describe('run history over the local runs', () => {
  it.each<[string, RunHistoryFilters]>([
    ['no filter', {}],
    ['a bot', { botId: bots[1]?.id }],
    ['a status', { status: 'failed' }],
    ['a date range', { from: day(3), to: day(9) }],
    ['words', { text: 'timeout selector' }],
    ['a word being typed', { text: 'paymen' }],
    ['a common word being typed', { text: 'custo' }],
    ['a second word being typed', { text: 'step upl' }],
    ['a word typed in capitals, being typed', { text: 'TIMEO' }],
    ['a number being typed', { text: 'INV-12' }],
    [
      'bot, status, dates and words together',
      { botId: bots[0]?.id, status: 'failed', from: day(1), to: day(15), text: 'login' },
    ],
  ])('%s: the count and every row in order, as the filters say', async (_, filters) => {
    const want = expected(filters, newest);
    const first = await queryRuns(db, offline, { orgId, filters, sort: newest, offset: 0, limit: 50 });
    expect(first.localTotal).toBe(want.length);
    expect(first.rows.map((r) => r.id)).toEqual(want.slice(0, 50));
    expect(await readAll(filters, newest, 499)).toEqual(want);
  });

  it.each<RunHistorySort>([
    { key: 'queuedAt', dir: 'asc' },
    { key: 'durationMs', dir: 'desc' },
    { key: 'durationMs', dir: 'asc' },
    { key: 'credits', dir: 'desc' },
    { key: 'credits', dir: 'asc' },
  ])('sorted by $key $dir: pages read end to end have no gap and no duplicate', async (sort) => {
    const got = await readAll({}, sort, 997);
    expect(got).toEqual(expected({}, sort));
    expect(new Set(got).size).toBe(count);
  });

  it('a window far down the table, then earlier ones, show exactly the rows at those positions', async () => {
    const want = expected({ status: 'succeeded' }, { key: 'credits', dir: 'desc' });
    const sort: RunHistorySort = { key: 'credits', dir: 'desc' };
    const all = expected({}, sort);
    for (const offset of [count - 120, 12_345, 3, 20_480, 1023, 1024]) {
      const w = await queryRuns(db, offline, { orgId, filters: {}, sort, offset, limit: 100 });
      expect(w.rows.map((r) => r.id)).toEqual(all.slice(offset, offset + 100));
    }
    const filtered = await queryRuns(db, offline, {
      orgId,
      filters: { status: 'succeeded' },
      sort,
      offset: 4000,
      limit: 30,
    });
    expect(filtered.rows.map((r) => r.id)).toEqual(want.slice(4000, 4030));
  });

  const sorts: RunHistorySort[] = [
    { key: 'queuedAt', dir: 'desc' },
    { key: 'queuedAt', dir: 'asc' },
    { key: 'durationMs', dir: 'desc' },
    { key: 'durationMs', dir: 'asc' },
    { key: 'credits', dir: 'desc' },
    { key: 'credits', dir: 'asc' },
  ];
  // Larger than LISTED_MAX, starting and ending mid-day: the count adds whole days and two partial ones.
  const wideRange = { from: new Date(start + 0.4 * 86_400_000).toISOString(), to: day(16.3) };
  it.each(
    sorts.flatMap((sort) => [
      { sort, filters: {} },
      { sort, filters: wideRange },
    ]),
  )(
    'jumping around a large view ($sort.key $sort.dir, $filters) shows the rows at each position, scrolling on too',
    async ({ sort, filters }) => {
      const want = expected(filters, sort);
      expect(want.length).toBeGreaterThan(LISTED_MAX);
      for (const offset of [want.length - 130, 7_777, 7_877, 20_001, 512, 15_000, 15_100, 15_150, 0]) {
        const w = await queryRuns(db, offline, { orgId, filters, sort, offset, limit: 100 });
        expect(w.localTotal).toBe(want.length);
        expect(w.rows.map((r) => r.id)).toEqual(want.slice(offset, offset + 100));
      }
    },
  );

  it('a stored, changed or deleted run shows in the open view at once: counts, filters and order follow it', async () => {
    const sort: RunHistorySort = { key: 'durationMs', dir: 'desc' };
    const read = (filters: RunHistoryFilters) => queryRuns(db, offline, { orgId, filters, sort, offset: 0, limit: 3 });
    const before = await read({});
    const run = generatedRun(orgId, count + 11, { bots, start, stepMs: 60_000, random: seeded(9) });
    const failedBefore = (await read({ status: 'failed' })).localTotal;
    try {
      storeRuns(db, orgId, [{ ...run, status: 'running', durationMs: null }]);
      expect((await read({})).localTotal).toBe(before.localTotal + 1);
      storeRuns(db, orgId, [{ ...run, status: 'failed', durationMs: 3_599_999, error: 'late' }]);
      const after = await read({});
      expect(after.localTotal).toBe(before.localTotal + 1);
      expect(after.rows[0]?.id).toBe(run.id);
      expect((await read({ status: 'failed' })).localTotal).toBe(failedBefore + 1);
    } finally {
      db.sqlite.prepare('DELETE FROM runs WHERE id = ?').run(run.id);
    }
    expect((await read({})).rows.map((r) => r.id)).toEqual(before.rows.map((r) => r.id));
    expect((await read({ status: 'failed' })).localTotal).toBe(failedBefore);
  });

  it.each(['"', '*', 'OR', 'NEAR(', 'error:', '"unterminated', 'a OR b NOT c', '(((', '^x', 'timeout*"', "it's", '-'])(
    'hostile search text %j answers like plain words, never a syntax error',
    async (text) => {
      const w = await queryRuns(db, offline, { orgId, filters: { text }, sort: newest, offset: 0, limit: 20 });
      const want = ftsMatchExpression(text) === null ? expected({}, newest) : expected({ text }, newest);
      expect(w.localTotal).toBe(want.length);
      expect(w.rows.map((r) => r.id)).toEqual(want.slice(0, 20));
    },
  );

  it('search expressions quote every word', () => {
    expect(ftsMatchExpression('INV-1042 "timeout" OR NEAR(x')).toBe('"INV 1042" "timeout" "OR" "NEAR x"*');
    expect(ftsMatchExpression('login failed ')).toBe('"login" "failed"');
    expect(ftsMatchExpression('" * ( )')).toBeNull();
    // A half-typed last word names the whole words it begins (read lazily, unlike a prefix); a number stays a prefix.
    expect(textSearchFor(db, 'step upl', 10_000)?.match).toBe('"step" AND ("upload")');
    expect(textSearchFor(db, 'INV-12', 10_000)?.match).toBe('"INV 12"*');
  });

  it('run words are cut and folded as the FTS5 tokenizer indexes them, numbers left out', () => {
    expect(JSON.parse(runWordsOf('Zahlung fehlgeschlagen: Gebühr', 'INV-1042 ok; Zahlung 3x'))).toEqual([
      'zahlung',
      'fehlgeschlagen',
      'gebuhr',
      'inv',
      'ok',
      '3x',
    ]);
    expect(JSON.parse(runWordsOf(null, ''))).toEqual([]);
  });

  it('a pulled update of a run replaces its searchable text (the FTS triggers follow the generic upsert)', async () => {
    const run = generatedRun(orgId, count + 9, { bots, start, stepMs: 60_000, random: seeded(5) });
    const find = async (text: string) =>
      (await queryRuns(db, offline, { orgId, filters: { text }, sort: newest, offset: 0, limit: 10 })).rows.map(
        (r) => r.id,
      );
    try {
      storeRuns(db, orgId, [{ ...run, status: 'running', error: null, log: 'zebracrossing started' }]);
      expect(await find('zebracrossing')).toEqual([run.id]);
      expect(await find('zebracro')).toEqual([run.id]);
      storeRuns(db, orgId, [{ ...run, status: 'failed', error: 'quokka exploded', log: 'ended' }]);
      expect(await find('zebracrossing')).toEqual([]);
      expect(await find('zebracro')).toEqual([]);
      expect(await find('quokka')).toEqual([run.id]);
      expect(await find('quok')).toEqual([run.id]);
    } finally {
      db.sqlite.prepare('DELETE FROM runs WHERE id = ?').run(run.id);
    }
    expect(await find('quokka')).toEqual([]);
  });

  it('exports the filtered view as CSV with formulas defused and quotes doubled', async () => {
    const tricky = generatedRun(orgId, count + 5, { bots, start, stepMs: 60_000, random: seeded(1) });
    storeRuns(db, orgId, [
      { ...tricky, status: 'failed', error: '=HYPERLINK("http://x","click"), then more', botName: '@bot' },
    ]);
    try {
      const { csv, count: n } = exportRunsCsv(db, orgId, { text: 'HYPERLINK' }, newest);
      expect(n).toBe(1);
      const [header, line] = csv.split('\r\n');
      expect(header?.startsWith('run_id,bot,')).toBe(true);
      expect(line).toContain(`${tricky.id},'@bot,`);
      expect(line).toContain(`"'=HYPERLINK(""http://x"",""click""), then more"`);
      expect(csv.endsWith('\r\n')).toBe(true);
    } finally {
      db.sqlite.prepare('DELETE FROM runs WHERE id = ?').run(tricky.id);
    }
  });
});

describe('older runs from the server', () => {
  /** A server holding the local runs and older ones, paging newest first like GET /v1/orgs/:orgId/runs. */
  function fakeServer(older: Run[]): { access: ServerAccess; requests: URLSearchParams[] } {
    const all = [...older, ...runs].sort((a, b) => (a.id < b.id ? 1 : -1));
    const requests: URLSearchParams[] = [];
    const json = async (_method: string, path: string): Promise<RunsPage> => {
      const params = new URL(path, 'http://test').searchParams;
      requests.push(params);
      const cursor = params.get('cursor');
      const status = params.get('status');
      const matching = all.filter((r) => !status || r.status === status);
      const first = cursor ? matching.findIndex((r) => r.id < cursor) : 0;
      // Each page also repeats 3 rows before the cursor (the local edge, the previous page): merged, never shown twice.
      const from = first < 0 ? matching.length : Math.max(0, first - 3);
      const page = matching.slice(from, from + Number(params.get('limit')));
      const more = from + page.length < matching.length;
      return { runs: page, nextCursor: more ? (page.at(-1)?.id ?? null) : null };
    };
    const client = { baseUrl: 'http://test', json, stream: () => Promise.reject(new Error('no streams')) };
    return { access: { signedIn: () => true, call: (fn) => fn(client as unknown as ServerClient) }, requests };
  }

  it('scrolling past the local rows appends older server runs, merged by id, until the server has no more', async () => {
    const olderSpec = { bots, start: start - 1_000 * 60_000, stepMs: 60_000, random: seeded(3) };
    // Older runs get smaller UUIDv7 ids than the local ones: generate them with clock-ordered ids first.
    const older = Array.from({ length: 450 }, (_, i) => generatedRun(orgId, i, olderSpec)).map((r, i) => ({
      ...r,
      id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
    }));
    const { access, requests } = fakeServer(older);
    const filters: RunHistoryFilters = {};
    const local = expected(filters, newest);
    const seen: string[] = [];
    let last: RunWindow | null = null;
    for (let offset = 0; offset < 100_000;) {
      last = await queryRuns(db, access, { orgId, filters, sort: newest, offset, limit: 500 });
      seen.push(...last.rows.map((r) => r.id));
      offset += last.rows.length;
      if (last.rows.length === 0 && last.older !== 'more') break;
    }
    expect(seen.slice(0, local.length)).toEqual(local);
    const fromServer = seen.slice(local.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(fromServer)).toEqual(new Set(older.map((r) => r.id)));
    expect(last?.older).toBe('end');
    expect(last?.total).toBe(local.length + older.length);
    expect(requests[0]?.get('cursor')).toBe(runs[0]?.id);
  });

  it('offline, the view ends at the local rows and says older ones need a connection', async () => {
    const w = await queryRuns(db, offline, {
      orgId,
      filters: { status: 'queued' },
      sort: newest,
      offset: 10_000,
      limit: 100,
    });
    expect(w.older).toBe('offline');
    expect(w.total).toBe(w.localTotal);
  });

  it('other orders stay within this device', async () => {
    const w = await queryRuns(db, offline, {
      orgId,
      filters: {},
      sort: { key: 'credits', dir: 'asc' },
      offset: 0,
      limit: 1,
    });
    expect(w.older).toBe('unsupported');
  });
});

describe('pruning the local window', () => {
  it('keeps the newest runs of each org and leaves the rest to the server', async () => {
    const env2 = openRunsDb();
    try {
      const random = seeded(11);
      const own = Array.from({ length: 3_000 }, (_, i) =>
        generatedRun(env2.orgId, i, { bots, start, stepMs: 1_000, random }),
      );
      storeRuns(env2.db, env2.orgId, own);
      expect(await pruneRunHistory(env2.db, 2_000)).toEqual([env2.orgId]);
      const w = await queryRuns(env2.db, offline, {
        orgId: env2.orgId,
        filters: {},
        sort: newest,
        offset: 0,
        limit: 500,
      });
      expect(w.localTotal).toBe(2_000);
      const kept = env2.db.sqlite.prepare('SELECT id FROM runs ORDER BY queued_at DESC').pluck().all();
      expect(kept).toEqual(
        own
          .slice(-2_000)
          .reverse()
          .map((r) => r.id),
      );
      // The text index forgot the pruned runs too: a search finds only kept ones.
      const found = await queryRuns(env2.db, offline, {
        orgId: env2.orgId,
        filters: { text: 'step' },
        sort: newest,
        offset: 0,
        limit: 500,
      });
      expect(found.localTotal).toBe(2_000);
      // Within the slack nothing is pruned: a steady trickle of new runs prunes in batches.
      storeRuns(env2.db, env2.orgId, [generatedRun(env2.orgId, 3_001, { bots, start, stepMs: 1_000, random })]);
      expect(await pruneRunHistory(env2.db, 2_000)).toEqual([]);
    } finally {
      env2.dispose();
    }
  });
});
