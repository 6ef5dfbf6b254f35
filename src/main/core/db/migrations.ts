import { runBucketBatchMigration } from './run-bucket-batch';
import { countRunBuckets, bumpRunVersion } from './run-bucket-sql';
import { runHistoryMigration } from './run-history-migration';
import { runWordsMigration } from './run-words';

/**
 * SQL migrations, applied in order at open; `PRAGMA user_version` records how many ran. Kept in
 * step with schema.ts by hand (append only: never edit a migration that has shipped).
 */
export const migrations: readonly string[] = [
  `
  CREATE TABLE meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    client_id TEXT NOT NULL,
    next_mutation_id INTEGER NOT NULL,
    server_url TEXT,
    user TEXT
  );
  CREATE TABLE org_sync (
    org_id TEXT PRIMARY KEY,
    cursor INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('bootstrapping', 'ready')),
    progress REAL NOT NULL,
    bootstrap_version INTEGER,
    membership TEXT NOT NULL
  );
  CREATE TABLE orgs (
    id TEXT PRIMARY KEY,
    data TEXT,
    local TEXT,
    name TEXT NOT NULL,
    slug TEXT NOT NULL
  );
  CREATE TABLE roles (
    org_id TEXT NOT NULL,
    id TEXT NOT NULL,
    data TEXT,
    local TEXT,
    rank INTEGER NOT NULL,
    PRIMARY KEY (org_id, id)
  );
  CREATE INDEX roles_rank ON roles (org_id, rank);
  CREATE TABLE members (
    org_id TEXT NOT NULL,
    id TEXT NOT NULL,
    data TEXT,
    local TEXT,
    user_id TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (org_id, id)
  );
  CREATE INDEX members_name ON members (org_id, name);
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    org_id TEXT NOT NULL,
    name TEXT NOT NULL,
    args TEXT NOT NULL,
    created_at TEXT NOT NULL,
    pushed INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX outbox_org ON outbox (org_id, id);
  `,
  `
  CREATE TABLE invitations (
    org_id TEXT NOT NULL,
    id TEXT NOT NULL,
    data TEXT,
    local TEXT,
    email TEXT NOT NULL,
    status TEXT NOT NULL,
    PRIMARY KEY (org_id, id)
  );
  CREATE INDEX invitations_status ON invitations (org_id, status, email);
  CREATE TABLE audit_events (
    org_id TEXT NOT NULL,
    id TEXT NOT NULL,
    data TEXT,
    local TEXT,
    at TEXT NOT NULL,
    actor_id TEXT,
    action TEXT NOT NULL,
    PRIMARY KEY (org_id, id)
  );
  CREATE INDEX audit_events_at ON audit_events (org_id, at, id);
  CREATE INDEX audit_events_actor ON audit_events (org_id, actor_id, at);
  CREATE INDEX audit_events_action ON audit_events (org_id, action, at);
  CREATE TABLE ownership_transfers (
    org_id TEXT NOT NULL,
    id TEXT NOT NULL,
    data TEXT,
    local TEXT,
    status TEXT NOT NULL,
    to_member_id TEXT NOT NULL,
    PRIMARY KEY (org_id, id)
  );
  CREATE INDEX ownership_transfers_status ON ownership_transfers (org_id, status);
  `,
  // Every pull reverts pending effects (rows with `local`, rows without `data`); these partial
  // indexes hold only such rows, so a pull with nothing pending no longer scans the whole org.
  // The outbox index serves the pending count and the push queue (`pushed = 0`, in id order).
  `
  CREATE INDEX roles_overlaid ON roles (org_id) WHERE local IS NOT NULL;
  CREATE INDEX roles_unconfirmed ON roles (org_id) WHERE data IS NULL;
  CREATE INDEX members_overlaid ON members (org_id) WHERE local IS NOT NULL;
  CREATE INDEX members_unconfirmed ON members (org_id) WHERE data IS NULL;
  CREATE INDEX invitations_overlaid ON invitations (org_id) WHERE local IS NOT NULL;
  CREATE INDEX invitations_unconfirmed ON invitations (org_id) WHERE data IS NULL;
  CREATE INDEX audit_events_overlaid ON audit_events (org_id) WHERE local IS NOT NULL;
  CREATE INDEX audit_events_unconfirmed ON audit_events (org_id) WHERE data IS NULL;
  CREATE INDEX ownership_transfers_overlaid ON ownership_transfers (org_id) WHERE local IS NOT NULL;
  CREATE INDEX ownership_transfers_unconfirmed ON ownership_transfers (org_id) WHERE data IS NULL;
  CREATE INDEX outbox_pushed ON outbox (pushed, id);
  `,
  // Automation assets. Runs keep error and log beside their JSON so FTS5 (external content, kept in
  // step by triggers) can search them; the history sorts and filters on the indexed columns.
  `
  CREATE TABLE api_keys (
    org_id TEXT NOT NULL,
    id TEXT NOT NULL,
    data TEXT,
    local TEXT,
    name TEXT NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (org_id, id)
  );
  CREATE TABLE bots (
    org_id TEXT NOT NULL,
    id TEXT NOT NULL,
    data TEXT,
    local TEXT,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    PRIMARY KEY (org_id, id)
  );
  CREATE TABLE runners (
    org_id TEXT NOT NULL,
    id TEXT NOT NULL,
    data TEXT,
    local TEXT,
    status TEXT NOT NULL,
    PRIMARY KEY (org_id, id)
  );
  CREATE TABLE triggers (
    org_id TEXT NOT NULL,
    id TEXT NOT NULL,
    data TEXT,
    local TEXT,
    bot_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (org_id, id)
  );
  CREATE INDEX triggers_bot ON triggers (org_id, bot_id);
  CREATE INDEX members_user ON members (org_id, user_id);
  CREATE TABLE runs (
    org_id TEXT NOT NULL,
    id TEXT NOT NULL,
    data TEXT,
    local TEXT,
    bot_id TEXT NOT NULL,
    status TEXT NOT NULL,
    queued_at TEXT NOT NULL,
    duration_ms INTEGER,
    credits REAL NOT NULL,
    error TEXT,
    log TEXT NOT NULL,
    PRIMARY KEY (org_id, id)
  );
  CREATE INDEX runs_queued_at ON runs (org_id, queued_at, id);
  CREATE INDEX runs_bot ON runs (org_id, bot_id, queued_at);
  CREATE INDEX runs_status ON runs (org_id, status, queued_at);
  CREATE INDEX runs_duration ON runs (org_id, duration_ms);
  CREATE INDEX runs_credits ON runs (org_id, credits);
  CREATE INDEX runs_bot_duration ON runs (org_id, bot_id, duration_ms);
  CREATE INDEX runs_bot_credits ON runs (org_id, bot_id, credits);
  CREATE INDEX runs_status_duration ON runs (org_id, status, duration_ms);
  CREATE INDEX runs_status_credits ON runs (org_id, status, credits);
  -- Carries both sort values: a bot + status set (a few thousand runs) is listed in any order from it alone.
  CREATE INDEX runs_bot_status ON runs (org_id, bot_id, status, queued_at, duration_ms, credits);
  -- How many runs fall in each bucket of each sort order (q: queue day, d: duration, c: credits), per
  -- bot and status and for every bot ('') and every status (''): counts and deep positions of the
  -- history without scanning an index. Kept by the triggers below; a bucket's bounds are in run-buckets.ts.
  CREATE TABLE run_buckets (
    org_id TEXT NOT NULL,
    bot_id TEXT NOT NULL,
    status TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    bucket INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (org_id, bot_id, status, sort_key, bucket)
  ) WITHOUT ROWID;
  -- Bumped on every change of an org's runs: the history's cached counts and positions hold while it does.
  CREATE TABLE run_versions (org_id TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TRIGGER runs_buckets_insert AFTER INSERT ON runs BEGIN
    ${countRunBuckets('new', 1)}
  END;
  CREATE TRIGGER runs_buckets_delete AFTER DELETE ON runs BEGIN
    ${countRunBuckets('old', -1)}
  END;
  CREATE TRIGGER runs_buckets_update AFTER UPDATE OF bot_id, status, queued_at, duration_ms, credits ON runs
  WHEN old.bot_id IS NOT new.bot_id OR old.status IS NOT new.status OR old.queued_at IS NOT new.queued_at
    OR old.duration_ms IS NOT new.duration_ms OR old.credits IS NOT new.credits BEGIN
    ${countRunBuckets('old', -1)}
    ${countRunBuckets('new', 1)}
  END;
  CREATE TRIGGER runs_version_update AFTER UPDATE ON runs BEGIN
    ${bumpRunVersion('new')}
  END;
  CREATE VIRTUAL TABLE runs_fts USING fts5 (error, log, content = 'runs', content_rowid = 'rowid');
  CREATE TRIGGER runs_fts_insert AFTER INSERT ON runs BEGIN
    INSERT INTO runs_fts (rowid, error, log) VALUES (new.rowid, new.error, new.log);
  END;
  CREATE TRIGGER runs_fts_delete AFTER DELETE ON runs BEGIN
    INSERT INTO runs_fts (runs_fts, rowid, error, log) VALUES ('delete', old.rowid, old.error, old.log);
  END;
  CREATE TRIGGER runs_fts_update AFTER UPDATE OF error, log ON runs BEGIN
    INSERT INTO runs_fts (runs_fts, rowid, error, log) VALUES ('delete', old.rowid, old.error, old.log);
    INSERT INTO runs_fts (rowid, error, log) VALUES (new.rowid, new.error, new.log);
  END;
  CREATE INDEX api_keys_overlaid ON api_keys (org_id) WHERE local IS NOT NULL;
  CREATE INDEX api_keys_unconfirmed ON api_keys (org_id) WHERE data IS NULL;
  CREATE INDEX bots_overlaid ON bots (org_id) WHERE local IS NOT NULL;
  CREATE INDEX bots_unconfirmed ON bots (org_id) WHERE data IS NULL;
  CREATE INDEX runners_overlaid ON runners (org_id) WHERE local IS NOT NULL;
  CREATE INDEX runners_unconfirmed ON runners (org_id) WHERE data IS NULL;
  CREATE INDEX triggers_overlaid ON triggers (org_id) WHERE local IS NOT NULL;
  CREATE INDEX triggers_unconfirmed ON triggers (org_id) WHERE data IS NULL;
  CREATE INDEX runs_overlaid ON runs (org_id) WHERE local IS NOT NULL;
  CREATE INDEX runs_unconfirmed ON runs (org_id) WHERE data IS NULL;
  `,
  // Credits and alerts: the org's credit account, daily usage rollups (by bot and trigger), alert
  // rules and the alert events the desktop notifies about once each.
  `
  CREATE TABLE credit_accounts (
    org_id TEXT NOT NULL,
    id TEXT NOT NULL,
    data TEXT,
    local TEXT,
    balance REAL NOT NULL,
    PRIMARY KEY (org_id, id)
  );
  CREATE TABLE usage_days (
    org_id TEXT NOT NULL,
    id TEXT NOT NULL,
    data TEXT,
    local TEXT,
    day TEXT NOT NULL,
    bot_id TEXT NOT NULL,
    trigger_id TEXT,
    credits REAL NOT NULL,
    PRIMARY KEY (org_id, id)
  );
  CREATE INDEX usage_days_day ON usage_days (org_id, day);
  CREATE TABLE alert_rules (
    org_id TEXT NOT NULL,
    id TEXT NOT NULL,
    data TEXT,
    local TEXT,
    threshold REAL NOT NULL,
    PRIMARY KEY (org_id, id)
  );
  CREATE TABLE alert_events (
    org_id TEXT NOT NULL,
    id TEXT NOT NULL,
    data TEXT,
    local TEXT,
    at TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    PRIMARY KEY (org_id, id)
  );
  CREATE INDEX alert_events_at ON alert_events (org_id, at);
  CREATE INDEX credit_accounts_overlaid ON credit_accounts (org_id) WHERE local IS NOT NULL;
  CREATE INDEX credit_accounts_unconfirmed ON credit_accounts (org_id) WHERE data IS NULL;
  CREATE INDEX usage_days_overlaid ON usage_days (org_id) WHERE local IS NOT NULL;
  CREATE INDEX usage_days_unconfirmed ON usage_days (org_id) WHERE data IS NULL;
  CREATE INDEX alert_rules_overlaid ON alert_rules (org_id) WHERE local IS NOT NULL;
  CREATE INDEX alert_rules_unconfirmed ON alert_rules (org_id) WHERE data IS NULL;
  CREATE INDEX alert_events_overlaid ON alert_events (org_id) WHERE local IS NOT NULL;
  CREATE INDEX alert_events_unconfirmed ON alert_events (org_id) WHERE data IS NULL;
  `,
  // Which alert events this person has been told about on this device (notified_at null: seen
  // silently: it predates this device, or alerts were muted or paused), and since when each org is
  // watched (its first complete copy here), so a fresh device does not replay an org's old alerts.
  `
  CREATE TABLE alert_notices (
    org_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    notified_at TEXT,
    PRIMARY KEY (org_id, event_id)
  ) WITHOUT ROWID;
  CREATE TABLE alert_watch (org_id TEXT PRIMARY KEY, since TEXT NOT NULL) WITHOUT ROWID;
  `,
  // The run history over a million runs: date ranges by duration or credits, text search (see the module).
  runHistoryMigration,
  // The words of run texts, so that a half-typed search word names whole words (see run-words.ts).
  runWordsMigration,
  // A page of runs counts its history buckets once, at its end (see the module).
  runBucketBatchMigration,
];
