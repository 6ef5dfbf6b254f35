import type { RunHistorySort } from '@shared/ipc-runs';
import type { LocalDb } from '../db/connection';
import {
  bucketCounts,
  bucketStart,
  bucketTotal,
  dayBucket,
  dayBucketCounts,
  nullDurationDays,
} from '../db/run-buckets';
import type { BucketCount, Marginal } from '../db/run-buckets';
import { countRuns, countRunsByBucket } from '../db/run-history';
import type { RunRowFilters } from '../db/run-history';

/**
 * A bucket in a view's order with the row index its first row has in the view. The runs without a
 * duration are ordered by queue time, so their bucket comes split by queue `day` where counted so.
 */
export type PlacedBucket = BucketCount & { start: number; day?: number };
type Counted = BucketCount & { day?: number };

const marginal = (f: RunRowFilters): Marginal => ({ botId: f.botId ?? '', status: f.status ?? '' });
const farPast = -1e9;
const farFuture = 1e9;

/** A date range as the whole queue days it covers and its partial first and last day (as filters of their own). */
type DayPlan = { whole: { lo: number; hi: number } | null; partial: { day: number; f: RunRowFilters }[] };

function dayPlan(f: RunRowFilters): DayPlan {
  const lo = f.from ? dayBucket(f.from) : farPast;
  const hi = f.to ? dayBucket(f.to) : farFuture;
  if (lo > hi) return { whole: null, partial: [] };
  if (lo === hi) return { whole: null, partial: [{ day: lo, f }] };
  const partial: DayPlan['partial'] = [];
  // A day's bound ('2025-03-02') sorts before each of its instants: `<=` it ends the day before.
  if (f.from) partial.push({ day: lo, f: { ...f, to: String(bucketStart('queuedAt', lo + 1)) } });
  if (f.to) partial.push({ day: hi, f: { ...f, from: String(bucketStart('queuedAt', hi)) } });
  const whole = { lo: f.from ? lo + 1 : lo, hi: f.to ? hi - 1 : hi };
  return { whole: whole.lo <= whole.hi ? whole : null, partial };
}

/** Counts of the same buckets added up, ascending by bucket. */
function addCounts(parts: BucketCount[][]): BucketCount[] {
  const sums = new Map<number, number>();
  for (const part of parts) for (const c of part) sums.set(c.bucket, (sums.get(c.bucket) ?? 0) + c.n);
  return [...sums]
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a - b)
    .map(([bucket, n]) => ({ bucket, n }));
}

/** The queue days of a date range with their matching runs: whole days from the bucket counts, partial ones exactly. */
function daysInRange(db: LocalDb, orgId: string, f: RunRowFilters): BucketCount[] {
  const plan = dayPlan(f);
  const whole = plan.whole ? bucketCounts(db, orgId, marginal(f), 'queuedAt', plan.whole) : [];
  const partial = plan.partial.map((p) => ({ bucket: p.day, n: countRuns(db, orgId, p.f) }));
  return [...whole, ...partial].filter((d) => d.n > 0).sort((a, b) => a.bucket - b.bucket);
}

function queueDayCounts(db: LocalDb, orgId: string, f: RunRowFilters): BucketCount[] {
  return f.from || f.to ? daysInRange(db, orgId, f) : bucketCounts(db, orgId, marginal(f), 'queuedAt');
}

/**
 * The duration or credit buckets of the view with their matching runs, ascending: a date range adds
 * whole days from the day buckets and counts its partial days exactly over their index range. The
 * NULL durations come per queue day. Bot filters have no day buckets: null for a bot's date range.
 */
function sortCounts(db: LocalDb, orgId: string, f: RunRowFilters, key: 'durationMs' | 'credits'): Counted[] | null {
  const dated = Boolean(f.from || f.to);
  if (f.botId) return dated ? null : bucketCounts(db, orgId, marginal(f), key);
  const plan = dayPlan(f);
  const status = f.status ?? '';
  const partial = plan.partial.map((p) => ({ day: p.day, counts: countRunsByBucket(db, orgId, p.f, key) }));
  const whole = plan.whole && dated ? [dayBucketCounts(db, orgId, status, key, plan.whole)] : [];
  const counts = dated
    ? addCounts([...partial.map((p) => p.counts), ...whole])
    : bucketCounts(db, orgId, marginal(f), key);
  if (key !== 'durationMs') return counts;
  const nullDays: Counted[] = [
    ...(plan.whole ? nullDurationDays(db, orgId, status, plan.whole) : []),
    ...partial.map((p) => ({ bucket: -1, day: p.day, n: p.counts.find((c) => c.bucket === -1)?.n ?? 0 })),
  ];
  nullDays.sort((a, b) => (a.day ?? 0) - (b.day ?? 0));
  return [...nullDays.filter((d) => d.n > 0), ...counts.filter((c) => c.bucket !== -1)];
}

/** How many local runs match the filters (free text aside): bucket sums, plus a day's range at each end of a date range. */
export function viewCount(db: LocalDb, orgId: string, f: RunRowFilters): number {
  if (!f.from && !f.to) return bucketTotal(db, orgId, marginal(f));
  return daysInRange(db, orgId, f).reduce((sum, d) => sum + d.n, 0);
}

/**
 * The view's buckets in its order, each with the index of its first row — or null when no counts
 * place positions in this order (a bot's date range sorted by duration or credits).
 */
export function viewBuckets(db: LocalDb, orgId: string, f: RunRowFilters, sort: RunHistorySort): PlacedBucket[] | null {
  const counts = sort.key === 'queuedAt' ? queueDayCounts(db, orgId, f) : sortCounts(db, orgId, f, sort.key);
  if (!counts) return null;
  if (sort.dir === 'desc') counts.reverse();
  let start = 0;
  return counts.map((c) => {
    const placed = { ...c, start };
    start += c.n;
    return placed;
  });
}
