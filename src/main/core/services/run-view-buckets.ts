import type { RunHistorySort } from '@shared/ipc-runs';
import type { LocalDb } from '../db/connection';
import { bucketCounts, bucketStart, bucketTotal, dayBucket } from '../db/run-buckets';
import type { BucketCount, Marginal } from '../db/run-buckets';
import { countRuns } from '../db/run-history';
import type { RunRowFilters } from '../db/run-history';

/** A bucket in a view's order with the row index its first row has in the view. */
export type PlacedBucket = BucketCount & { start: number };

const marginal = (f: RunRowFilters): Marginal => ({ botId: f.botId ?? '', status: f.status ?? '' });
const farPast = -1e9;
const farFuture = 1e9;

/**
 * The queue days a date range covers with how many matching runs each holds: whole days from the
 * bucket counts, the (partial) first and last day counted exactly over their index range.
 */
function daysInRange(db: LocalDb, orgId: string, f: RunRowFilters): BucketCount[] {
  const lo = f.from ? dayBucket(f.from) : farPast;
  const hi = f.to ? dayBucket(f.to) : farFuture;
  if (lo > hi) return [];
  const days = bucketCounts(db, orgId, marginal(f), 'queuedAt', { lo, hi });
  const exact = (day: number, g: RunRowFilters) => {
    const found = days.find((d) => d.bucket === day);
    if (found) found.n = countRuns(db, orgId, g);
  };
  if (lo === hi) {
    exact(lo, f);
  } else {
    // A day's bound ('2025-03-02') sorts before each of its instants: `<=` it ends the day before.
    if (f.from) exact(lo, { ...f, to: String(bucketStart('queuedAt', lo + 1)) });
    if (f.to) exact(hi, { ...f, from: String(bucketStart('queuedAt', hi)) });
  }
  return days.filter((d) => d.n > 0);
}

/** How many local runs match the filters (free text aside): bucket sums, plus a day's range at each end of a date range. */
export function viewCount(db: LocalDb, orgId: string, f: RunRowFilters): number {
  if (!f.from && !f.to) return bucketTotal(db, orgId, marginal(f));
  return daysInRange(db, orgId, f).reduce((sum, d) => sum + d.n, 0);
}

/**
 * The view's buckets in its order, each with the index of its first row — or null when no counts
 * place positions in this order (a date range sorted by duration or credits).
 */
export function viewBuckets(db: LocalDb, orgId: string, f: RunRowFilters, sort: RunHistorySort): PlacedBucket[] | null {
  const dated = Boolean(f.from || f.to);
  if (dated && sort.key !== 'queuedAt') return null;
  const counts = dated ? daysInRange(db, orgId, f) : bucketCounts(db, orgId, marginal(f), sort.key);
  if (sort.dir === 'desc') counts.reverse();
  let start = 0;
  return counts.map((c) => {
    const placed = { ...c, start };
    start += c.n;
    return placed;
  });
}
