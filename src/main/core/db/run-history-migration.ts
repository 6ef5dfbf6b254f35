import { backfillRunDayBuckets, countRunDayBuckets } from './run-bucket-sql';

/** The narrow copy of a run's filter and sort values (`r`: `new` or `runs`), its org and bot numbered. */
const runKeyValues = (r: string) => `${r}.rowid,
      (SELECT n FROM run_key_ids WHERE id = ${r}.org_id), (SELECT n FROM run_key_ids WHERE id = ${r}.bot_id),
      ${r}.status, ${r}.queued_at, ${r}.duration_ms, ${r}.credits`;

/**
 * The run history over a million local runs (a desktop migration; its text must not change once shipped):
 * - ties in duration or credits are ordered by queue time, and each of those sort indexes carries
 *   queued_at after its column, so a window of a date range in those orders checks the dates
 *   inside the index instead of reading each row;
 * - the queue-time indexes carry both sort values, so a partial day's counts and a small set's
 *   order come from the index alone;
 * - `run_day_buckets` counts runs per queue day and duration or credit bucket, for every status
 *   ('') and per status: a date range's count and deep positions in those orders are sums of a
 *   few thousand rows. Bucket-major keys: one range of it serves any date range;
 * - `run_keys` holds one narrow row per run under the run's rowid (which is also its FTS rowid), its
 *   org and bot as small numbers (`run_key_ids`): a text search checks the filters of and orders
 *   its thousands of matches from ~50-byte rows instead of each run's own row (a page apiece).
 */
export const runHistoryMigration = `
  DROP INDEX runs_queued_at;
  CREATE INDEX runs_queued_at ON runs (org_id, queued_at, id, duration_ms, credits);
  DROP INDEX runs_bot;
  CREATE INDEX runs_bot ON runs (org_id, bot_id, queued_at, duration_ms, credits);
  DROP INDEX runs_status;
  CREATE INDEX runs_status ON runs (org_id, status, queued_at, duration_ms, credits);
  DROP INDEX runs_duration;
  CREATE INDEX runs_duration ON runs (org_id, duration_ms, queued_at);
  DROP INDEX runs_credits;
  CREATE INDEX runs_credits ON runs (org_id, credits, queued_at);
  DROP INDEX runs_bot_duration;
  CREATE INDEX runs_bot_duration ON runs (org_id, bot_id, duration_ms, queued_at);
  DROP INDEX runs_bot_credits;
  CREATE INDEX runs_bot_credits ON runs (org_id, bot_id, credits, queued_at);
  DROP INDEX runs_status_duration;
  CREATE INDEX runs_status_duration ON runs (org_id, status, duration_ms, queued_at);
  DROP INDEX runs_status_credits;
  CREATE INDEX runs_status_credits ON runs (org_id, status, credits, queued_at);
  CREATE TABLE run_day_buckets (
    org_id TEXT NOT NULL,
    status TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    bucket INTEGER NOT NULL,
    day INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (org_id, status, sort_key, bucket, day)
  ) WITHOUT ROWID;
  ${backfillRunDayBuckets}
  CREATE TABLE run_key_ids (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
  CREATE TABLE run_keys (
    rid INTEGER PRIMARY KEY,
    org INTEGER NOT NULL,
    bot INTEGER NOT NULL,
    status TEXT NOT NULL,
    queued_at TEXT NOT NULL,
    duration_ms INTEGER,
    credits REAL NOT NULL
  );
  INSERT INTO run_key_ids (id) SELECT DISTINCT org_id FROM runs UNION SELECT DISTINCT bot_id FROM runs;
  INSERT INTO run_keys SELECT ${runKeyValues('runs')} FROM runs;
  CREATE TRIGGER runs_keys_insert AFTER INSERT ON runs BEGIN
    INSERT INTO run_key_ids (id) VALUES (new.org_id), (new.bot_id) ON CONFLICT DO NOTHING;
    INSERT INTO run_keys VALUES (${runKeyValues('new')});
  END;
  CREATE TRIGGER runs_keys_delete AFTER DELETE ON runs BEGIN
    DELETE FROM run_keys WHERE rid = old.rowid;
  END;
  CREATE TRIGGER runs_keys_update AFTER UPDATE OF bot_id, status, queued_at, duration_ms, credits ON runs
  WHEN old.bot_id IS NOT new.bot_id OR old.status IS NOT new.status OR old.queued_at IS NOT new.queued_at
    OR old.duration_ms IS NOT new.duration_ms OR old.credits IS NOT new.credits BEGIN
    INSERT INTO run_key_ids (id) VALUES (new.bot_id) ON CONFLICT DO NOTHING;
    UPDATE run_keys SET bot = (SELECT n FROM run_key_ids WHERE id = new.bot_id), status = new.status,
      queued_at = new.queued_at, duration_ms = new.duration_ms, credits = new.credits
      WHERE rid = new.rowid;
  END;
  CREATE TRIGGER runs_day_buckets_insert AFTER INSERT ON runs BEGIN
    ${countRunDayBuckets('new', 1)}
  END;
  CREATE TRIGGER runs_day_buckets_delete AFTER DELETE ON runs BEGIN
    ${countRunDayBuckets('old', -1)}
  END;
  CREATE TRIGGER runs_day_buckets_update AFTER UPDATE OF status, queued_at, duration_ms, credits ON runs
  WHEN old.status IS NOT new.status OR old.queued_at IS NOT new.queued_at
    OR old.duration_ms IS NOT new.duration_ms OR old.credits IS NOT new.credits BEGIN
    ${countRunDayBuckets('old', -1)}
    ${countRunDayBuckets('new', 1)}
  END;
`;
