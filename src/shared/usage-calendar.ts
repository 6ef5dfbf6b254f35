import type { UsageGranularity } from './ipc-usage';

// Calendar buckets of usage, in UTC like the server's daily rollups: a day, an ISO week (Monday
// first), a month. Days are `YYYY-MM-DD` strings, which sort like the dates they name.

const DAY_MS = 86_400_000;

/** The UTC day a moment falls on. */
export function dayOf(at: Date | string): string {
  return (typeof at === 'string' ? new Date(at) : at).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

/** Whole days from `from` to `to` (0 when the same day). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The first day of the bucket a day belongs to. */
export function bucketStart(day: string, granularity: UsageGranularity): string {
  if (granularity === 'day') return day;
  if (granularity === 'month') return `${day.slice(0, 7)}-01`;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

function nextBucket(start: string, granularity: UsageGranularity): string {
  if (granularity === 'day') return addDays(start, 1);
  if (granularity === 'week') return addDays(start, 7);
  const d = new Date(`${start}T00:00:00Z`);
  return dayOf(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)));
}

/** Every bucket start from the one holding `from` to the one holding `to`, oldest first. */
export function bucketStarts(from: string, to: string, granularity: UsageGranularity): string[] {
  const starts: string[] = [];
  for (let s = bucketStart(from, granularity); s <= to; s = nextBucket(s, granularity)) starts.push(s);
  return starts;
}

/** How a bucket is named in a chart or table: "Mar 4", "Week of Mar 4", "March 2026". */
export function bucketLabel(start: string, granularity: UsageGranularity): string {
  const d = new Date(`${start}T00:00:00Z`);
  if (granularity === 'month')
    return d.toLocaleDateString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const short = d.toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
  return granularity === 'week' ? `Week of ${short}` : short;
}
