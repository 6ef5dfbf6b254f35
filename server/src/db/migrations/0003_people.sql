-- People and roles: the audit log of administrative changes and pending ownership transfers.
-- Tenant tables like those of 0001_core.sql: org_id leads every key, ENABLE + FORCE row-level security.

-- One row per administrative change, written in the same transaction as the change it records.
-- actor_name is kept so the log still reads after the actor leaves the organization.
CREATE TABLE audit_events (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  actor_id uuid,
  actor_name text NOT NULL,
  action text NOT NULL,
  target_type text NOT NULL,
  target_id text NOT NULL,
  target_label text NOT NULL,
  before jsonb,
  after jsonb,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);
-- Ids are UUIDv7 (time-ordered): newest-first keyset pages walk the primary key backwards.
CREATE INDEX audit_events_actor ON audit_events (org_id, actor_id, id);
CREATE INDEX audit_events_action ON audit_events (org_id, action, id);

-- An ownership transfer the recipient has not accepted yet, and its outcome. Member ids are not
-- foreign keys: removing a member cancels the transfers that name them.
CREATE TABLE ownership_transfers (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  from_member_id uuid NOT NULL,
  to_member_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'cancelled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);
-- At most one pending transfer per org (a new one cancels the old).
CREATE UNIQUE INDEX ownership_transfers_one_pending ON ownership_transfers (org_id) WHERE status = 'pending';

GRANT SELECT, INSERT, UPDATE, DELETE ON audit_events, ownership_transfers TO botdesk_app;
-- The audit log is append-only for requests.
REVOKE UPDATE, DELETE ON audit_events FROM botdesk_app;

ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_events_current ON audit_events
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);

ALTER TABLE ownership_transfers ENABLE ROW LEVEL SECURITY;
ALTER TABLE ownership_transfers FORCE ROW LEVEL SECURITY;
CREATE POLICY ownership_transfers_current ON ownership_transfers
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);
-- The parties may find a transfer by its id alone (POST /v1/ownership-transfers/:id/accept names no org).
CREATE POLICY ownership_transfers_mine ON ownership_transfers FOR SELECT USING (
  EXISTS (
    SELECT 1 FROM memberships m
    WHERE m.org_id = ownership_transfers.org_id
      AND m.id IN (ownership_transfers.from_member_id, ownership_transfers.to_member_id)
      AND m.user_id = nullif(current_setting('app.user_id', true), '')::uuid
  )
);

SELECT botdesk_schema_owner_policy(t) FROM unnest(ARRAY['audit_events', 'ownership_transfers']) AS t;
