import type { RunHistorySort } from '@shared/ipc-runs';
import { cachedStatement } from './connection';
import type { LocalDb } from './connection';

/**
 * Reads `run_buckets` and `run_day_buckets` (kept by the triggers in the migrations, and for a page
 * of runs stored at once by run-bucket-batch.ts): how many of an org's runs fall in each bucket of
 * each sort order, per bot and status and for every bot / every status (''), and per queue day. A count is a sum of at most a few thousand rows, and a deep
 * position is found by adding bucket counts instead of walking an index. The bounds below are the
 * inverse of `bucketOf` in run-bucket-sql.ts.
 */
export type SortKey = RunHistorySort['key'];
/** Which bot and status the counts are for ('' = any). */
export type Marginal = { botId: string; status: string };
export type BucketCount = { bucket: number; n: number };

const sortKeys = { queuedAt: 'q', durationMs: 'd', credits: 'c' } as const;
const dayMs = 86_400_000;

/** Bucket counts of one sort order, ascending by bucket, optionally only buckets in [lo, hi]. */
export function bucketCounts(
  db: LocalDb,
  orgId: string,
  m: Marginal,
  key: SortKey,
  range: { lo: number; hi: number } | null = null,
): BucketCount[] {
  const where = 'org_id = ? AND bot_id = ? AND status = ? AND sort_key = ? AND n <> 0';
  const base = [orgId, m.botId, m.status, sortKeys[key]];
  if (!range) {
    const sql = `SELECT bucket, n FROM run_buckets WHERE ${where} ORDER BY bucket`;
    return cachedStatement(db, sql).all(...base) as BucketCount[];
  }
  const sql = `SELECT bucket, n FROM run_buckets WHERE ${where} AND bucket BETWEEN ? AND ? ORDER BY bucket`;
  return cachedStatement(db, sql).all(...base, range.lo, range.hi) as BucketCount[];
}

/**
 * Bucket counts of the duration or credit order over the queue days in [lo, hi], ascending by
 * bucket, for one status ('' = any) — `run_day_buckets` has no bot dimension.
 */
export function dayBucketCounts(
  db: LocalDb,
  orgId: string,
  status: string,
  key: 'durationMs' | 'credits',
  days: { lo: number; hi: number },
): BucketCount[] {
  const sql = `SELECT bucket, sum(n) AS n FROM run_day_buckets
    WHERE org_id = ? AND status = ? AND sort_key = ? AND day BETWEEN ? AND ?
    GROUP BY bucket HAVING sum(n) <> 0 ORDER BY bucket`;
  return cachedStatement(db, sql).all(orgId, status, sortKeys[key], days.lo, days.hi) as BucketCount[];
}

/** How many runs without a duration (of a status, or '' = any) were queued on each day in [lo, hi], by day. */
export function nullDurationDays(
  db: LocalDb,
  orgId: string,
  status: string,
  days: { lo: number; hi: number },
): (BucketCount & { day: number })[] {
  const sql = `SELECT bucket, day, n FROM run_day_buckets
    WHERE org_id = ? AND status = ? AND sort_key = 'd' AND bucket = -1 AND day BETWEEN ? AND ? AND n <> 0 ORDER BY day`;
  return cachedStatement(db, sql).all(orgId, status, days.lo, days.hi) as (BucketCount & { day: number })[];
}

/** How many runs of the marginal there are (summed over the credit buckets: the fewest rows). */
export function bucketTotal(db: LocalDb, orgId: string, m: Marginal): number {
  const sql = `SELECT coalesce(sum(n), 0) AS n FROM run_buckets
    WHERE org_id = ? AND bot_id = ? AND status = ? AND sort_key = 'c'`;
  return cachedStatement(db, sql).pluck().get(orgId, m.botId, m.status) as number;
}

/** The queue-day bucket of an instant (days since 1970, UTC). */
export function dayBucket(iso: string): number {
  return Math.floor(Date.parse(iso.slice(0, 10)) / dayMs);
}

/**
 * The smallest value in bucket `b` of a sort order (null: the NULL durations' bucket, -1). A queue
 * day's bound is its date alone ('2025-03-01'), which sorts before every instant of that day.
 */
export function bucketStart(key: SortKey, b: number): string | number | null {
  if (key === 'queuedAt') return new Date(b * dayMs).toISOString().slice(0, 10);
  if (key === 'durationMs') {
    if (b < 0) return null;
    return b <= 60 ? b * 10_000 : (b - 60) * 600_000;
  }
  return b >= 1000 ? 100 : b / 10;
}

/** The value just past bucket `b` (the next bucket's start); only asked for buckets below the largest. */
export function bucketEnd(key: SortKey, b: number): string | number | null {
  return bucketStart(key, b + 1);
}

/** Drops buckets emptied by deletes (pruning leaves a day's buckets at zero). */
export function dropEmptyBuckets(db: LocalDb, orgId: string): void {
  cachedStatement(db, 'DELETE FROM run_buckets WHERE org_id = ? AND n = 0').run(orgId);
  cachedStatement(db, 'DELETE FROM run_day_buckets WHERE org_id = ? AND n = 0').run(orgId);
}

/** A number that changes whenever the org's runs change: cached counts and positions hold while it does. */
export function runsVersion(db: LocalDb, orgId: string): number {
  const sql = 'SELECT version FROM run_versions WHERE org_id = ?';
  return (cachedStatement(db, sql).pluck().get(orgId) as number | undefined) ?? 0;
}
