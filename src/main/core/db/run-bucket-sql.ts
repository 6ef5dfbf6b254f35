// SQL text of the run-history bucket triggers (used by the desktop migrations; run-buckets.ts reads them).
// A shipped migration embeds this text: a change here must leave the SQL it produces unchanged.

/** The sort orders with counts: q: queue time, d: duration, c: credits. */
export type BucketSortKey = 'q' | 'd' | 'c';

/**
 * The bucket of the run in `r` (`new`, `old` or a table name) for one sort order:
 * q: its queue day (days since 1970); d: 10 s steps of duration under 10 minutes, then 10 minute
 * steps (NULL: -1); c: 0.1 credit steps under 100 (guarded so the bucket agrees with comparing
 * the value to the step's bounds), then one bucket. run-buckets.ts holds the same bounds.
 */
export function bucketOf(key: BucketSortKey, r: string): string {
  if (key === 'q') return `coalesce(unixepoch(substr(${r}.queued_at, 1, 10)) / 86400, 0)`;
  if (key === 'd') {
    return `CASE WHEN ${r}.duration_ms IS NULL THEN -1 WHEN ${r}.duration_ms < 600000
        THEN ${r}.duration_ms / 10000 ELSE 60 + ${r}.duration_ms / 600000 END`;
  }
  return `CASE WHEN ${r}.credits >= 100 THEN 1000 ELSE CAST(${r}.credits * 10 AS INTEGER)
        - (${r}.credits < CAST(${r}.credits * 10 AS INTEGER) / 10.0)
        + (${r}.credits >= (CAST(${r}.credits * 10 AS INTEGER) + 1) / 10.0) END`;
}

/** The bucket of the run in `r` (`new`, `old` or a table name) for the sort order in `k.sort_key`. */
export const runBucketOf = (r: string) => `CASE k.sort_key
      WHEN 'q' THEN ${bucketOf('q', r)}
      WHEN 'd' THEN ${bucketOf('d', r)}
      ELSE ${bucketOf('c', r)}
    END`;

export const bumpRunVersion = (r: 'new' | 'old') =>
  `INSERT INTO run_versions (org_id, version) VALUES (${r}.org_id, 1)
    ON CONFLICT DO UPDATE SET version = version + 1;`;

/** Adds `delta` to the run's bucket of every sort order, for its bot and status and for '' (any). */
export const countRunBuckets = (
  r: 'new' | 'old',
  delta: 1 | -1,
) => `INSERT INTO run_buckets (org_id, bot_id, status, sort_key, bucket, n)
    SELECT ${r}.org_id, m.bot_id, m.status, k.sort_key, ${runBucketOf(r)}, ${delta}
    FROM (SELECT 'q' AS sort_key UNION ALL SELECT 'd' UNION ALL SELECT 'c') AS k,
      (SELECT '' AS bot_id, '' AS status UNION ALL SELECT ${r}.bot_id, '' UNION ALL SELECT '', ${r}.status
        UNION ALL SELECT ${r}.bot_id, ${r}.status) AS m
    WHERE true
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
    ${bumpRunVersion(r)}`;

/** The run's duration and credit buckets, with its queue day. */
export const daySortBucket = (r: string) =>
  `CASE k.sort_key WHEN 'd' THEN ${bucketOf('d', r)} ELSE ${bucketOf('c', r)} END`;
export const daySortKeys = `(SELECT 'd' AS sort_key UNION ALL SELECT 'c') AS k`;

/** Adds `delta` to the run's duration and credit buckets on its queue day, for its status and for '' (any). */
export const countRunDayBuckets = (
  r: 'new' | 'old',
  delta: 1 | -1,
) => `INSERT INTO run_day_buckets (org_id, status, sort_key, bucket, day, n)
    SELECT ${r}.org_id, m.status, k.sort_key, ${daySortBucket(r)}, ${bucketOf('q', r)}, ${delta}
    FROM ${daySortKeys}, (SELECT '' AS status UNION ALL SELECT ${r}.status) AS m
    WHERE true
    ON CONFLICT DO UPDATE SET n = n + excluded.n;`;

/** Fills `run_day_buckets` from the runs already stored (once, when the table is created). */
export const backfillRunDayBuckets = `INSERT INTO run_day_buckets (org_id, status, sort_key, bucket, day, n)
    SELECT runs.org_id, CASE m.every WHEN 1 THEN '' ELSE runs.status END, k.sort_key,
      ${daySortBucket('runs')}, ${bucketOf('q', 'runs')}, count(*)
    FROM runs, ${daySortKeys}, (SELECT 1 AS every UNION ALL SELECT 0) AS m
    GROUP BY 1, 2, 3, 4, 5;`;
