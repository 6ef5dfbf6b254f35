// SQL text of the run-history bucket triggers (used by the desktop migrations; run-buckets.ts reads them).

/**
 * The bucket a run (`new` or `old` in a trigger) falls in for the sort order in `k.sort_key`:
 * q: its queue day (days since 1970); d: 10 s steps of duration under 10 minutes, then 10 minute
 * steps (NULL: -1); c: 0.1 credit steps under 100 (guarded so the bucket agrees with comparing
 * the value to the step's bounds), then one bucket. run-buckets.ts holds the same bounds.
 */
const runBucketOf = (r: 'new' | 'old') => `CASE k.sort_key
      WHEN 'q' THEN coalesce(unixepoch(substr(${r}.queued_at, 1, 10)) / 86400, 0)
      WHEN 'd' THEN CASE WHEN ${r}.duration_ms IS NULL THEN -1 WHEN ${r}.duration_ms < 600000
        THEN ${r}.duration_ms / 10000 ELSE 60 + ${r}.duration_ms / 600000 END
      ELSE CASE WHEN ${r}.credits >= 100 THEN 1000 ELSE CAST(${r}.credits * 10 AS INTEGER)
        - (${r}.credits < CAST(${r}.credits * 10 AS INTEGER) / 10.0)
        + (${r}.credits >= (CAST(${r}.credits * 10 AS INTEGER) + 1) / 10.0) END
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
