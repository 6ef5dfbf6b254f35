import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { AppError } from '@shared/errors';
import type { RunHistoryFilters, RunHistorySort } from '@shared/ipc-runs';
import type { Run } from '@shared/schemas/automation';
import type { LocalDb } from '../db/connection';
import { backfillRunDayBuckets } from '../db/run-bucket-sql';
import { textMatches, textSearchFor } from '../db/run-fts';
import { generatedRun, openRunsDb, seeded, storeRuns } from '../testing/local-runs';
import { LISTED_MAX, TEXT_MATCH_CAP } from './run-window';
import { queryRuns } from './runs';
import type { ServerAccess } from './runs';

// A history stored out of queue order, with many tied durations and credits, mostly failed and of
// one bot: a status, a bot and a date range still hold more than LISTED_MAX runs, so their windows
// are placed by the day buckets (or anchors) and walked along the sort indexes. Every answer is
// checked against plain SQL.
const count = 36_000;
const dayMs = 86_400_000;
const start = Date.UTC(2025, 2, 1);
const bots = [
  { id: uuidv7(), name: 'Invoice bot' },
  { id: uuidv7(), name: 'Payroll bot' },
];
let env: ReturnType<typeof openRunsDb>;
let db: LocalDb;
let orgId: string;

const offline: ServerAccess = {
  signedIn: () => false,
  call: () => Promise.reject(new AppError('offline', 'offline')),
};

function skewed(run: Run, r: () => number): Run {
  const pick = r();
  const status = pick < 0.8 ? 'failed' : pick < 0.9 ? 'running' : run.status;
  const finished = status !== 'running' && status !== 'queued';
  // Whole seconds and half credits: thousands of ties in both orders.
  const durationMs = finished ? Math.floor(r() * 900) * 1_000 : null;
  const bot = (r() < 0.85 ? bots[0] : bots[1]) ?? { id: run.botId, name: run.botName };
  return { ...run, botId: bot.id, botName: bot.name, status, durationMs, credits: Math.floor(r() * 60) / 2 };
}

beforeAll(() => {
  env = openRunsDb();
  ({ db, orgId } = env);
  const random = seeded(21);
  const spec = { bots, start, stepMs: 45_000, random };
  const runs = Array.from({ length: count }, (_, i) => skewed(generatedRun(orgId, i, spec), random));
  // Stored out of order: storage order (rowid) is not queue order.
  for (let i = runs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [runs[i], runs[j]] = [runs[j] as Run, runs[i] as Run];
  }
  storeRuns(db, orgId, runs);
});

afterAll(() => env?.dispose());

/** The view as a plain ORDER BY over the table states it (slices of it are what LIMIT … OFFSET answers). */
function plainOrder(filters: RunHistoryFilters, sort: RunHistorySort): string[] {
  const conditions: [string, string | undefined][] = [
    ['org_id = ?', orgId],
    ['bot_id = ?', filters.botId],
    ['status = ?', filters.status],
    ['queued_at >= ?', filters.from],
    ['queued_at <= ?', filters.to],
  ];
  const used = conditions.filter(([, value]) => value !== undefined);
  const where = used.map(([sql]) => sql);
  const args = used.map(([, value]) => value);
  const col = { queuedAt: 'queued_at', durationMs: 'duration_ms', credits: 'credits' }[sort.key];
  const dir = sort.dir.toUpperCase();
  const sql = `SELECT id FROM runs NOT INDEXED WHERE ${where.join(' AND ')}
    ORDER BY ${col} ${dir}, queued_at ${dir}, rowid ${dir}`;
  return db.sqlite
    .prepare(sql)
    .pluck()
    .all(...args) as string[];
}

const at = (days: number) => new Date(start + days * dayMs).toISOString();
const sorts: RunHistorySort[] = [
  { key: 'queuedAt', dir: 'desc' },
  { key: 'queuedAt', dir: 'asc' },
  { key: 'durationMs', dir: 'desc' },
  { key: 'durationMs', dir: 'asc' },
  { key: 'credits', dir: 'desc' },
  { key: 'credits', dir: 'asc' },
];
// Each range starts and ends mid-day (partial days counted exactly) or is open at one end.
const ranges: [string, RunHistoryFilters][] = [
  ['failed, mid-day to mid-day', { status: 'failed', from: at(1.3), to: at(17.6) }],
  ['any status, mid-day to mid-day', { from: at(0.45), to: at(16.2) }],
  ['running (no durations), from a day on', { status: 'running', from: at(2.5) }],
  ['any status, up to a day', { to: at(15.75) }],
  // Bots have no day buckets: positions come from anchors and, on a deep jump, the listed range.
  ['a bot, mid-day to mid-day', { botId: bots[0]?.id, from: at(0.7), to: at(18.2) }],
  ['a bot and failed, from a day on', { botId: bots[0]?.id, status: 'failed', from: at(1.5) }],
];

describe('a date range in every order', () => {
  it.each(ranges.flatMap(([name, filters]) => sorts.map((sort) => ({ name, filters, sort }))))(
    '$name, $sort.key $sort.dir: deep jumps show exactly the rows a plain ORDER BY / OFFSET does',
    async ({ filters, sort }) => {
      const want = plainOrder(filters, sort);
      // The running runs are few enough to be listed: the same order, read another way.
      expect(want.length).toBeGreaterThan(filters.status === 'running' ? 1_000 : LISTED_MAX);
      for (const offset of [want.length - 130, 7_777, Math.floor(want.length / 2), 20_001, 512, 7_877, 0]) {
        if (offset < 0 || offset >= want.length) continue;
        const w = await queryRuns(db, offline, { orgId, filters, sort, offset, limit: 100 });
        expect(w.localTotal).toBe(want.length);
        expect(w.rows.map((r) => r.id)).toEqual(want.slice(offset, offset + 100));
      }
    },
  );

  it('a run moved to another day and duration moves in the open view at once', async () => {
    const filters: RunHistoryFilters = { status: 'failed', from: at(3.5), to: at(9.5) };
    const sort: RunHistorySort = { key: 'durationMs', dir: 'desc' };
    const read = (offset: number) => queryRuns(db, offline, { orgId, filters, sort, offset, limit: 50 });
    const outside = generatedRun(orgId, 0, { bots, start: start + 30 * dayMs, stepMs: 1, random: seeded(4) });
    const run: Run = { ...outside, status: 'failed', durationMs: 5_000, error: 'late' };
    try {
      storeRuns(db, orgId, [run]);
      const before = (await read(0)).localTotal;
      storeRuns(db, orgId, [{ ...run, queuedAt: at(5.25), durationMs: 899_500 }]);
      const moved = await read(0);
      expect(moved.localTotal).toBe(before + 1);
      expect(moved.rows[0]?.id).toBe(run.id);
      const deep = Math.floor(moved.localTotal / 2);
      expect((await read(deep)).rows.map((r) => r.id)).toEqual(plainOrder(filters, sort).slice(deep, deep + 50));
    } finally {
      db.sqlite.prepare('DELETE FROM runs WHERE id = ?').run(run.id);
    }
    expect((await read(0)).localTotal).toBe(plainOrder(filters, sort).length);
  });

  it('the day buckets filled from stored runs (the migration) equal those kept by the triggers', () => {
    const kept = db.sqlite.prepare('SELECT * FROM run_day_buckets WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5').all();
    db.sqlite.exec('DELETE FROM run_day_buckets');
    db.sqlite.exec(backfillRunDayBuckets);
    expect(db.sqlite.prepare('SELECT * FROM run_day_buckets ORDER BY 1, 2, 3, 4, 5').all()).toEqual(kept);
    expect(kept.length).toBeGreaterThan(0);
  });
});

describe('free text over more matches than are read', () => {
  /** The newest TEXT_MATCH_CAP runs by storage order (every log says "invoice"), filtered and ordered in plain SQL. */
  function plainNewest(filters: RunHistoryFilters, sort: RunHistorySort): string[] {
    const col = { queuedAt: 'queued_at', durationMs: 'duration_ms', credits: 'credits' }[sort.key];
    const dir = sort.dir.toUpperCase();
    const status = filters.status ? 'AND status = ?' : '';
    const sql = `SELECT id FROM runs WHERE rowid IN (SELECT rowid FROM runs ORDER BY rowid DESC LIMIT ?) ${status}
      ORDER BY ${col} ${dir}, queued_at ${dir}, rowid ${dir}`;
    const args = filters.status ? [TEXT_MATCH_CAP, filters.status] : [TEXT_MATCH_CAP];
    return db.sqlite
      .prepare(sql)
      .pluck()
      .all(...args) as string[];
  }

  it.each<[RunHistoryFilters, RunHistorySort]>([
    [{ text: 'invoice' }, { key: 'queuedAt', dir: 'desc' }],
    [{ text: 'invoice' }, { key: 'credits', dir: 'asc' }],
    [{ text: 'processed inv' }, { key: 'durationMs', dir: 'desc' }],
    [
      { text: 'invoice', status: 'failed' },
      { key: 'durationMs', dir: 'asc' },
    ],
  ])('%j sorted %j: the newest matches in that order, the count said to be a lower bound', async (filters, sort) => {
    const want = plainNewest(filters, sort);
    for (const offset of [0, Math.floor(want.length / 2), want.length - 40]) {
      const w = await queryRuns(db, offline, { orgId, filters, sort, offset, limit: 100 });
      expect(w.textCapped).toBe(true);
      expect(w.localTotal).toBe(want.length);
      expect(w.rows.map((r) => r.id)).toEqual(want.slice(offset, offset + 100));
    }
  });

  it('a word being typed that as a whole word already matches more runs than are read is searched as that word', async () => {
    const spec = { bots, start: start + 50 * dayMs, stepMs: 1_000, random: seeded(6) };
    // Newer than every other run, and only "invoice" as a prefix: a prefix search would put them first.
    const longer = Array.from({ length: 3 }, (_, i) => ({ ...generatedRun(orgId, i, spec), log: 'invoiceless step' }));
    const sort: RunHistorySort = { key: 'queuedAt', dir: 'desc' };
    try {
      storeRuns(db, orgId, longer);
      const typing = await queryRuns(db, offline, { orgId, filters: { text: 'invoice' }, sort, offset: 0, limit: 50 });
      expect(typing.textCapped).toBe(true);
      const withWord = db.sqlite
        .prepare(
          `SELECT id FROM runs WHERE rowid IN (SELECT rowid FROM runs WHERE log <> 'invoiceless step'
            ORDER BY rowid DESC LIMIT ?) ORDER BY queued_at DESC, rowid DESC LIMIT 50`,
        )
        .pluck()
        .all(TEXT_MATCH_CAP);
      expect(typing.rows.map((r) => r.id)).toEqual(withWord);
      const rare = await queryRuns(db, offline, { orgId, filters: { text: 'invoicel' }, sort, offset: 0, limit: 50 });
      expect(rare.rows.map((r) => r.id)).toEqual(longer.map((r) => r.id).reverse());
    } finally {
      db.sqlite.prepare('DELETE FROM runs WHERE id IN (?, ?, ?)').run(...longer.map((r) => r.id));
    }
  });

  it('a number being typed past the cap is read once as a prefix: its newest matches in order, said to be capped', () => {
    const cap = 100;
    const search = textSearchFor(db, 'INV-1', cap);
    expect(search).toMatchObject({ match: '"INV 1"*', capped: true });
    expect(search?.newest).toHaveLength(cap);
    const sort: RunHistorySort = { key: 'durationMs', dir: 'asc' };
    const found = search ? textMatches(db, orgId, {}, sort, search) : null;
    const want = db.sqlite
      .prepare(
        `SELECT rowid FROM runs WHERE rowid IN (SELECT rowid FROM runs WHERE log GLOB '*INV-1*' ORDER BY rowid DESC LIMIT ?)
          ORDER BY duration_ms ASC, queued_at ASC, rowid ASC`,
      )
      .pluck()
      .all(cap);
    expect(want).toHaveLength(cap);
    expect(found).toEqual({ rowids: want, capped: true });
  });

  it('a found run follows its changes of status, bot and duration; another org never shows', async () => {
    const sort: RunHistorySort = { key: 'durationMs', dir: 'desc' };
    const find = async (filters: RunHistoryFilters) =>
      (
        await queryRuns(db, offline, { orgId, filters: { text: 'wombat', ...filters }, sort, offset: 0, limit: 10 })
      ).rows.map((r) => r.id);
    const spec = { bots, start: start + 40 * dayMs, stepMs: 1_000, random: seeded(8) };
    const run: Run = {
      ...generatedRun(orgId, 0, spec),
      botId: bots[0]?.id ?? '',
      status: 'running',
      durationMs: null,
      log: 'wombat',
    };
    const other = generatedRun(uuidv7(), 1, spec);
    const twin: Run = { ...run, status: 'succeeded', durationMs: 2_000, id: uuidv7() };
    try {
      storeRuns(db, other.orgId, [{ ...other, log: 'wombat too' }]);
      storeRuns(db, orgId, [run]);
      expect(await find({})).toEqual([run.id]);
      expect(await find({ status: 'running' })).toEqual([run.id]);
      storeRuns(db, orgId, [{ ...run, status: 'failed', durationMs: 3_000, botId: bots[1]?.id ?? '' }, twin]);
      expect(await find({ status: 'running' })).toEqual([]);
      expect(await find({ status: 'failed', botId: bots[1]?.id })).toEqual([run.id]);
      expect(await find({ botId: bots[0]?.id })).toEqual([twin.id]);
      expect(await find({})).toEqual([run.id, twin.id]);
    } finally {
      db.sqlite.prepare('DELETE FROM runs WHERE id IN (?, ?, ?)').run(run.id, twin.id, other.id);
    }
    expect(await find({})).toEqual([]);
  });
});
