-- Automation assets: API keys, bots, runners, triggers and runs. Tenant tables like those of
-- 0001_core.sql: org_id leads every key, ENABLE + FORCE row-level security, one policy on app.org_id.
-- Functions for lookups by hash and for background jobs come in the migrations after this one.

-- An organization's API key. Only the SHA-256 of the secret is stored, and request code cannot read
-- even that: a presented key is resolved through a SECURITY DEFINER function.
CREATE TABLE api_keys (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL,
  type text NOT NULL CHECK (type IN ('standard', 'ai_agent')),
  prefix text NOT NULL,
  key_hash text NOT NULL CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  scopes text[] NOT NULL,
  created_by uuid NOT NULL,
  created_by_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  PRIMARY KEY (org_id, id),
  CONSTRAINT api_keys_key_hash_key UNIQUE (key_hash)
);
REVOKE ALL ON api_keys FROM botdesk_app;
GRANT SELECT (org_id, id, name, type, prefix, scopes, created_by, created_by_name, created_at, last_used_at, revoked_at)
  ON api_keys TO botdesk_app;
GRANT INSERT, UPDATE ON api_keys TO botdesk_app;

CREATE TABLE bots (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  enabled boolean NOT NULL DEFAULT true,
  credits_per_run numeric(12, 4) NOT NULL DEFAULT 1 CHECK (credits_per_run >= 0),
  credits_per_minute numeric(12, 4) NOT NULL DEFAULT 0 CHECK (credits_per_minute >= 0),
  -- The scripted steps the reference runner performs (see botStepSchema).
  steps jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL DEFAULT 'offline'
    CHECK (status IN ('idle', 'queued', 'running', 'offline', 'error', 'disabled')),
  last_run_id uuid,
  last_run_status text,
  last_run_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);

-- A runner process as identified by the runner key it sends; status moves with its heartbeats.
CREATE TABLE runners (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  runner_key text NOT NULL,
  api_key_id uuid NOT NULL,
  bot_ids uuid[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'online' CHECK (status IN ('online', 'offline')),
  last_heartbeat_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  CONSTRAINT runners_runner_key_key UNIQUE (org_id, runner_key),
  FOREIGN KEY (org_id, api_key_id) REFERENCES api_keys (org_id, id)
);
CREATE INDEX runners_heartbeat ON runners (last_heartbeat_at) WHERE status = 'online';

-- A trigger of a bot. The webhook secret is needed in clear to verify HMAC signatures, so request
-- code may write it but never read it back; verification reads it through a SECURITY DEFINER function.
CREATE TABLE triggers (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  bot_id uuid NOT NULL,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('schedule', 'webhook', 'manual')),
  cron text,
  time_zone text,
  enabled boolean NOT NULL DEFAULT true,
  next_fire_at timestamptz,
  last_fired_at timestamptz,
  webhook_secret text,
  secret_rotated_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, bot_id) REFERENCES bots (org_id, id) ON DELETE CASCADE,
  CHECK ((kind = 'schedule') = (cron IS NOT NULL AND time_zone IS NOT NULL)),
  CHECK ((kind = 'webhook') = (webhook_secret IS NOT NULL))
);
CREATE INDEX triggers_due ON triggers (next_fire_at) WHERE kind = 'schedule' AND enabled;
REVOKE ALL ON triggers FROM botdesk_app;
GRANT SELECT (org_id, id, bot_id, name, kind, cron, time_zone, enabled, next_fire_at, last_fired_at, secret_rotated_at,
  created_at, updated_at) ON triggers TO botdesk_app;
GRANT INSERT, UPDATE, DELETE ON triggers TO botdesk_app;

-- One row per schedule slot that fired: the primary key makes a slot fire once, whichever server
-- process gets there first.
CREATE TABLE trigger_fires (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  trigger_id uuid NOT NULL,
  slot timestamptz NOT NULL,
  run_id uuid,
  fired_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, trigger_id, slot)
);

-- One execution. Not a foreign key to bots: the history outlives a deleted bot (bot_name is kept).
CREATE TABLE runs (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  bot_id uuid NOT NULL,
  bot_name text NOT NULL,
  trigger_id uuid,
  actor_id uuid,
  started_by text NOT NULL,
  runner_id uuid,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  queued_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  duration_ms integer,
  credits numeric(14, 4) NOT NULL DEFAULT 0,
  error text,
  log text NOT NULL DEFAULT '',
  data jsonb,
  retry_of uuid,
  idempotency_key text,
  lease_expires_at timestamptz,
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX runs_idempotency ON runs (org_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
-- Claiming takes the oldest queued runs of the served bots; leases expire on running runs.
CREATE INDEX runs_queued ON runs (org_id, bot_id, queued_at) WHERE status = 'queued';
CREATE INDEX runs_leased ON runs (lease_expires_at) WHERE status IN ('queued', 'running') AND lease_expires_at IS NOT NULL;
-- History pages newest first (ids are UUIDv7), per bot and per status.
CREATE INDEX runs_bot ON runs (org_id, bot_id, id);
CREATE INDEX runs_status ON runs (org_id, status, id);
-- Retention deletes by age.
CREATE INDEX runs_queued_at ON runs (queued_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON bots, runners, trigger_fires, runs TO botdesk_app;

ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY api_keys_current ON api_keys
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);
SELECT botdesk_schema_owner_policy('api_keys');

ALTER TABLE bots ENABLE ROW LEVEL SECURITY;
ALTER TABLE bots FORCE ROW LEVEL SECURITY;
CREATE POLICY bots_current ON bots
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);
SELECT botdesk_schema_owner_policy('bots');

ALTER TABLE runners ENABLE ROW LEVEL SECURITY;
ALTER TABLE runners FORCE ROW LEVEL SECURITY;
CREATE POLICY runners_current ON runners
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);
SELECT botdesk_schema_owner_policy('runners');

ALTER TABLE triggers ENABLE ROW LEVEL SECURITY;
ALTER TABLE triggers FORCE ROW LEVEL SECURITY;
CREATE POLICY triggers_current ON triggers
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);
SELECT botdesk_schema_owner_policy('triggers');

ALTER TABLE trigger_fires ENABLE ROW LEVEL SECURITY;
ALTER TABLE trigger_fires FORCE ROW LEVEL SECURITY;
CREATE POLICY trigger_fires_current ON trigger_fires
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);
SELECT botdesk_schema_owner_policy('trigger_fires');

ALTER TABLE runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE runs FORCE ROW LEVEL SECURITY;
CREATE POLICY runs_current ON runs
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);
SELECT botdesk_schema_owner_policy('runs');
