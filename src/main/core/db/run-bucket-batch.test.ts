import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import type { Run } from '@shared/schemas/automation';
import type { Change } from '@shared/schemas/sync';
import { generatedRun, openRunsDb, seeded } from '../testing/local-runs';
import { inTransaction } from './connection';
import type { LocalDb } from './connection';
import { keyOf, statements } from './entities';
import { applyChanges, clearOrgRows, rowValues, upsertRowValues } from './mutations';
import type { RowValues } from './mutations';
import { pageCountFrom } from './run-bucket-batch';

// The history's bucket counts of runs stored a page at a time (counted at the page's end) against
// the same runs stored one at a time (counted by the triggers), and against plain counts of the rows.

const bots = [
  { id: uuidv7(), name: 'Invoice bot' },
  { id: uuidv7(), name: 'Payroll bot' },
  { id: uuidv7(), name: 'Ledger bot' },
];
const opened: { dispose(): void }[] = [];

afterEach(() => {
  for (const env of opened.splice(0)) env.dispose();
});

function open() {
  const env = openRunsDb();
  opened.push(env);
  return env;
}

function history(orgId: string, count: number): Run[] {
  const random = seeded(7);
  return Array.from({ length: count }, (_, i) =>
    generatedRun(orgId, i, { bots, start: Date.UTC(2026, 0, 1), stepMs: 97_000, random }),
  );
}

const valuesOf = (orgId: string, runs: readonly Run[]): RowValues[] => rowValues(orgId, 'run', runs);

function storePaged(db: LocalDb, orgId: string, runs: readonly Run[]): void {
  for (let i = 0; i < runs.length; i += 500) upsertRowValues(db, 'run', valuesOf(orgId, runs.slice(i, i + 500)));
}

function storeOneByOne(db: LocalDb, orgId: string, runs: readonly Run[]): void {
  inTransaction(db, () => {
    for (const value of valuesOf(orgId, runs)) upsertRowValues(db, 'run', [value]);
  });
}

/** Both bucket tables (the org id left out: each database has its own), and the runs' own counts. */
function counts(db: LocalDb) {
  const all = (sql: string) => db.sqlite.prepare(sql).all();
  return {
    buckets: all(`SELECT bot_id <> '' AS by_bot, status, sort_key, bucket, n FROM run_buckets
      WHERE n <> 0 AND bot_id IN ('', ${bots.map((b) => `'${b.id}'`).join(', ')}) ORDER BY 1, 2, 3, 4, 5`),
    perBot: all(
      `SELECT bot_id, status, sort_key, sum(n) AS n FROM run_buckets GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2, 3`,
    ),
    dayBuckets: all('SELECT status, sort_key, bucket, day, n FROM run_day_buckets WHERE n <> 0 ORDER BY 1, 2, 3, 4'),
    rows: all('SELECT bot_id, status, count(*) AS n FROM runs GROUP BY 1, 2 ORDER BY 1, 2'),
  };
}

/** The same runs changed: every third one finished again with other values, moved to another bot. */
function changed(runs: readonly Run[]): Run[] {
  return runs
    .filter((_, i) => i % 3 === 0)
    .map((run, i) => ({
      ...run,
      botId: bots[i % bots.length]?.id ?? run.botId,
      status: 'failed',
      durationMs: 1_000 * i,
      credits: i / 10,
      error: 'Element not found: table.results',
    }));
}

describe('a page of runs counts its history buckets at its end', () => {
  it('counts what the triggers count run by run, through inserts, updates, repeats in a page and deletes', () => {
    const paged = open();
    const oneByOne = open();
    for (const [env, store] of [
      [paged, storePaged],
      [oneByOne, storeOneByOne],
    ] as const) {
      const runs = history(env.orgId, 1_400);
      store(env.db, env.orgId, runs);
      // A page of updates to stored runs, and a page holding new runs twice (inserted, then updated).
      store(env.db, env.orgId, changed(runs));
      const fresh = history(env.orgId, 2_000).slice(1_400);
      store(env.db, env.orgId, [...fresh, ...changed(fresh)]);
      const remove = statements(env.db).run.remove;
      for (const run of runs.slice(0, 50)) remove.run(...keyOf('run', env.orgId, run.id));
    }
    const expected = counts(oneByOne.db);
    expect(counts(paged.db)).toEqual(expected);
    expect(paged.db.sqlite.prepare('SELECT count(*) AS n FROM run_count_batch').get()).toEqual({ n: 0 });

    // The counts are the rows': per bot and status, and in all ('', '') once per sort order.
    const rows = expected.rows as { bot_id: string; status: string; n: number }[];
    const perBot = expected.perBot as { bot_id: string; status: string; sort_key: string; n: number }[];
    for (const row of rows) {
      for (const sortKey of ['q', 'd', 'c']) {
        expect(perBot).toContainEqual({ bot_id: row.bot_id, status: row.status, sort_key: sortKey, n: row.n });
      }
    }
    const total = rows.reduce((sum, r) => sum + r.n, 0);
    expect(total).toBe(1_950);
    expect(perBot).toContainEqual({ bot_id: '', status: '', sort_key: 'q', n: total });
  });

  it('bumps the org’s run version, so the history does not keep counts from before the page', () => {
    const env = open();
    const version = () =>
      (
        env.db.sqlite.prepare('SELECT version FROM run_versions WHERE org_id = ?').get(env.orgId) as
          { version: number } | undefined
      )?.version ?? 0;
    storePaged(env.db, env.orgId, history(env.orgId, pageCountFrom));
    const afterFirst = version();
    expect(afterFirst).toBeGreaterThan(0);
    storePaged(env.db, env.orgId, changed(history(env.orgId, 3 * pageCountFrom)));
    expect(version()).toBeGreaterThan(afterFirst);
  });

  it('a page that fails stores none of its runs, and the next runs are counted as before', () => {
    const env = open();
    const runs = history(env.orgId, 40);
    const values = valuesOf(env.orgId, runs);
    // A row the table refuses (no queue time) in the middle of the page.
    const broken = values.map((v, i) => (i === 20 ? v.map((x) => (x === runs[20]?.queuedAt ? null : x)) : v));
    expect(() => upsertRowValues(env.db, 'run', broken as RowValues[])).toThrow();
    expect(counts(env.db).rows).toEqual([]);
    expect(counts(env.db).buckets).toEqual([]);

    storeOneByOne(env.db, env.orgId, runs.slice(0, 3));
    const q = env.db.sqlite.prepare(
      `SELECT sum(n) AS n FROM run_buckets WHERE bot_id = '' AND status = '' AND sort_key = 'q'`,
    );
    expect(q.get()).toEqual({ n: 3 });
  });

  it('a pull that brings each run queued, running and finished counts every run once, as it ended', () => {
    const env = open();
    const runs = history(env.orgId, 30);
    let version = 0;
    const change = (run: Run, op: Change['op'] = 'upsert'): Change => ({
      version: (version += 1),
      entity: 'run',
      entityId: run.id,
      op,
      data: op === 'delete' ? null : { ...run },
    });
    const life = runs.flatMap((run) => [
      change({ ...run, status: 'queued', startedAt: null, finishedAt: null, durationMs: null }),
      change({ ...run, status: 'running', finishedAt: null, durationMs: null }),
      change({ ...run, status: 'succeeded' }),
    ]);
    const last = runs[29] as Run;
    inTransaction(env.db, () => applyChanges(env.db, env.orgId, [...life, change(last, 'delete')]));

    const { rows, perBot } = counts(env.db);
    expect((rows as { n: number }[]).reduce((sum, r) => sum + r.n, 0)).toBe(29);
    expect(perBot).toContainEqual({ bot_id: '', status: 'succeeded', sort_key: 'd', n: 29 });
    expect(perBot).toContainEqual({ bot_id: '', status: '', sort_key: 'q', n: 29 });
    expect(perBot.filter((r) => (r as { status: string }).status === 'queued')).toEqual([]);
  });

  it('an org’s runs cleared leave no buckets of it, the other org’s as they were, and the triggers counting', () => {
    const env = open();
    const otherOrg = uuidv7();
    storePaged(env.db, env.orgId, history(env.orgId, 600));
    storePaged(env.db, otherOrg, history(otherOrg, 300));
    const bucketsOf = (orgId: string) =>
      env.db.sqlite.prepare('SELECT * FROM run_buckets WHERE org_id = ? AND n <> 0 ORDER BY 2, 3, 4, 5').all(orgId);
    const dayBucketsOf = (orgId: string) =>
      env.db.sqlite.prepare('SELECT * FROM run_day_buckets WHERE org_id = ? AND n <> 0 ORDER BY 2, 3, 4, 5').all(orgId);
    const other = { buckets: bucketsOf(otherOrg), days: dayBucketsOf(otherOrg) };
    const version = env.db.sqlite.prepare('SELECT version FROM run_versions WHERE org_id = ?').pluck();
    const before = version.get(env.orgId) as number;

    inTransaction(env.db, () => clearOrgRows(env.db, env.orgId));
    expect(bucketsOf(env.orgId)).toEqual([]);
    expect(dayBucketsOf(env.orgId)).toEqual([]);
    expect(version.get(env.orgId)).toBeGreaterThan(before);
    expect({ buckets: bucketsOf(otherOrg), days: dayBucketsOf(otherOrg) }).toEqual(other);
    expect(other.buckets.length).toBeGreaterThan(0);

    storeOneByOne(env.db, env.orgId, history(env.orgId, 3));
    const q = env.db.sqlite.prepare(
      `SELECT sum(n) AS n FROM run_buckets WHERE org_id = ? AND bot_id = '' AND status = '' AND sort_key = 'q'`,
    );
    expect(q.get(env.orgId)).toEqual({ n: 3 });
  });
});
