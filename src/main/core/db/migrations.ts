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
];
