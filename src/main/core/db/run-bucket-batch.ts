import { cachedStatement, inTransaction } from './connection';
import type { LocalDb } from './connection';
import {
  bucketOf,
  countRunBuckets,
  countRunDayBuckets,
  daySortBucket,
  daySortKeys,
  runBucketOf,
} from './run-bucket-sql';

// The bucket counts of a page of runs stored at once (a snapshot page, a page of pulled changes):
// counted by one grouped statement per bucket table at the end of the page, instead of by the
// triggers, which run 16 upserts and a version bump for every run (a page stores ~10 % faster per
// run; bench/runs-store.bench.ts). While a page is stored, `run_count_batch` holds the largest rowid from before it: the
// triggers skip every run above it — inserted by this page — and the grouped statements count those
// runs as they stand at the page's end, once, whatever the page did to them in between. Runs from
// before the page keep being counted by the triggers. The row exists only inside the page's
// transaction. Removing all of an org's runs skips the triggers the same way and drops its buckets.

/** Whether the run in `r` was inserted by the page being stored. */
const inPage = (r: 'new' | 'old') => `EXISTS (SELECT 1 FROM run_count_batch b WHERE ${r}.rowid > b.after_rowid)`;

/**
 * The insert, delete and update triggers of one bucket table (`name`: their name's stem), which
 * count a run by the values in `columns`, skipping the runs of the page being stored.
 */
function bucketTriggers(name: string, count: typeof countRunBuckets, columns: readonly string[]): string {
  const changed = columns.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ');
  return `
  DROP TRIGGER ${name}_insert;
  CREATE TRIGGER ${name}_insert AFTER INSERT ON runs WHEN NOT ${inPage('new')} BEGIN
    ${count('new', 1)}
  END;
  DROP TRIGGER ${name}_delete;
  CREATE TRIGGER ${name}_delete AFTER DELETE ON runs WHEN NOT ${inPage('old')} BEGIN
    ${count('old', -1)}
  END;
  DROP TRIGGER ${name}_update;
  CREATE TRIGGER ${name}_update AFTER UPDATE OF ${columns.join(', ')} ON runs
  WHEN (${changed}) AND NOT ${inPage('old')} BEGIN
    ${count('old', -1)}
    ${count('new', 1)}
  END;`;
}

const countedValues = ['status', 'queued_at', 'duration_ms', 'credits'];

/** The migration that lets a page of runs count its buckets at its end (a desktop migration; its text must not change once shipped). */
export const runBucketBatchMigration = `
  CREATE TABLE run_count_batch (id INTEGER PRIMARY KEY CHECK (id = 1), after_rowid INTEGER NOT NULL);
  ${bucketTriggers('runs_buckets', countRunBuckets, ['bot_id', ...countedValues])}
  ${bucketTriggers('runs_day_buckets', countRunDayBuckets, countedValues)}
`;

/** The page's runs (rowid above ?) added to run_buckets: every sort order, for their bot and status and for '' (any). */
const countPageBuckets = `INSERT INTO run_buckets (org_id, bot_id, status, sort_key, bucket, n)
    SELECT runs.org_id, CASE m.by_bot WHEN 1 THEN runs.bot_id ELSE '' END,
      CASE m.by_status WHEN 1 THEN runs.status ELSE '' END, k.sort_key, ${runBucketOf('runs')}, count(*)
    FROM runs, (SELECT 'q' AS sort_key UNION ALL SELECT 'd' UNION ALL SELECT 'c') AS k,
      (SELECT 0 AS by_bot, 0 AS by_status UNION ALL SELECT 1, 0 UNION ALL SELECT 0, 1 UNION ALL SELECT 1, 1) AS m
    WHERE runs.rowid > ?
    GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT DO UPDATE SET n = n + excluded.n`;

/** The page's runs added to run_day_buckets: duration and credit buckets per queue day, for their status and for ''. */
const countPageDayBuckets = `INSERT INTO run_day_buckets (org_id, status, sort_key, bucket, day, n)
    SELECT runs.org_id, CASE m.every WHEN 1 THEN '' ELSE runs.status END, k.sort_key,
      ${daySortBucket('runs')}, ${bucketOf('q', 'runs')}, count(*)
    FROM runs, ${daySortKeys}, (SELECT 1 AS every UNION ALL SELECT 0) AS m
    WHERE runs.rowid > ?
    GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT DO UPDATE SET n = n + excluded.n`;

/** Each org with runs in the page: its run version bumped once (the history's cached counts no longer hold). */
const bumpPageVersions = `INSERT INTO run_versions (org_id, version)
    SELECT DISTINCT org_id, 1 FROM runs WHERE rowid > ?
    ON CONFLICT DO UPDATE SET version = version + 1`;

/**
 * From this many runs on, a store counts its buckets at its end. Fewer (a live change or two) are
 * left to the triggers, which need none of the page's five extra statements.
 */
export const pageCountFrom = 8;

/**
 * Runs `write` in one transaction with the bucket triggers skipping every run above rowid `after`,
 * then `recount` (which makes the buckets right again for those runs), then the triggers count again.
 */
function withTriggersSkippingAbove(db: LocalDb, after: number, write: () => void, recount: () => void): void {
  inTransaction(db, () => {
    cachedStatement(db, 'INSERT INTO run_count_batch (id, after_rowid) VALUES (1, ?)').run(after);
    write();
    recount();
    cachedStatement(db, 'DELETE FROM run_count_batch').run();
  });
}

/** Stores `count` runs with `store` (in one transaction), their buckets counted at the end when they are a page. */
export function storeRunPage(db: LocalDb, count: number, store: () => void): void {
  if (count < pageCountFrom) {
    store();
    return;
  }
  const { after } = cachedStatement(db, 'SELECT coalesce(max(rowid), 0) AS after FROM runs').get() as {
    after: number;
  };
  withTriggersSkippingAbove(db, after, store, () => {
    cachedStatement(db, countPageBuckets).run(after);
    cachedStatement(db, countPageDayBuckets).run(after);
    cachedStatement(db, bumpPageVersions).run(after);
  });
}

/**
 * Deletes all of an org's runs with `remove` (which must delete no other org's), its bucket rows
 * dropped at once instead of counted down run by run: about a third of the time, for an org that
 * is reset or removed from this device with its 200,000 runs.
 */
export function removeOrgRuns(db: LocalDb, orgId: string, remove: () => void): void {
  withTriggersSkippingAbove(db, -1, remove, () => {
    cachedStatement(db, 'DELETE FROM run_buckets WHERE org_id = ?').run(orgId);
    cachedStatement(db, 'DELETE FROM run_day_buckets WHERE org_id = ?').run(orgId);
    cachedStatement(
      db,
      'INSERT INTO run_versions (org_id, version) VALUES (?, 1) ON CONFLICT DO UPDATE SET version = version + 1',
    ).run(orgId);
  });
}
