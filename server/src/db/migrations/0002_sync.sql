-- The per-organization change log desktops pull from, and what push remembers per sync client.
-- Requests run as botdesk_app under row-level security (see 0001_core.sql); the background pruning
-- goes through a SECURITY DEFINER function with a pinned search_path.

-- One row per change; `data` is the entity's sync view (never secrets or hashes), null for a tombstone.
CREATE TABLE org_changes (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  version bigint NOT NULL,
  entity text NOT NULL,
  entity_id text NOT NULL,
  op text NOT NULL CHECK (op IN ('upsert', 'delete')),
  data jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, version),
  CHECK ((op = 'delete') = (data IS NULL))
);
CREATE INDEX org_changes_created_at ON org_changes (org_id, created_at);

-- The highest version pruned from an org's log; a cursor below it cannot be served (too_old).
CREATE TABLE org_change_floors (
  org_id uuid PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
  pruned_through bigint NOT NULL DEFAULT 0
);

-- A desktop's local database, keyed by its user: the same clientId under two users is two clients.
CREATE TABLE sync_clients (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  client_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, client_id)
);

-- Per (user, client, org): the last mutation id consumed (applied or refused).
CREATE TABLE sync_client_orgs (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  user_id uuid NOT NULL,
  client_id uuid NOT NULL,
  last_mutation_id bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, user_id, client_id),
  FOREIGN KEY (user_id, client_id) REFERENCES sync_clients (user_id, client_id) ON DELETE CASCADE
);

-- Each consumed mutation's outcome, so a replayed id answers the same; kept for the retention window.
CREATE TABLE sync_mutations (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  user_id uuid NOT NULL,
  client_id uuid NOT NULL,
  mutation_id bigint NOT NULL,
  name text NOT NULL,
  status text NOT NULL CHECK (status IN ('applied', 'refused')),
  error_code text,
  error_message text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, user_id, client_id, mutation_id),
  FOREIGN KEY (user_id, client_id) REFERENCES sync_clients (user_id, client_id) ON DELETE CASCADE,
  CHECK ((status = 'refused') = (error_code IS NOT NULL))
);
CREATE INDEX sync_mutations_created_at ON sync_mutations (created_at);

GRANT SELECT, INSERT ON org_changes TO botdesk_app;
GRANT SELECT ON org_change_floors TO botdesk_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON sync_clients, sync_client_orgs, sync_mutations TO botdesk_app;
-- The log is append-only for requests; only the retention function deletes from it.
REVOKE UPDATE, DELETE ON org_changes FROM botdesk_app;
REVOKE INSERT, UPDATE, DELETE ON org_change_floors FROM botdesk_app;

ALTER TABLE org_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE org_changes FORCE ROW LEVEL SECURITY;
CREATE POLICY org_changes_current ON org_changes
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);

ALTER TABLE org_change_floors ENABLE ROW LEVEL SECURITY;
ALTER TABLE org_change_floors FORCE ROW LEVEL SECURITY;
CREATE POLICY org_change_floors_current ON org_change_floors
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);

ALTER TABLE sync_clients ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_clients FORCE ROW LEVEL SECURITY;
CREATE POLICY sync_clients_mine ON sync_clients
  USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
  WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);

-- Rows of the current org that belong to the current user: nobody reads another person's client state.
ALTER TABLE sync_client_orgs ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_client_orgs FORCE ROW LEVEL SECURITY;
CREATE POLICY sync_client_orgs_mine ON sync_client_orgs
  USING (
    org_id = nullif(current_setting('app.org_id', true), '')::uuid
    AND user_id = nullif(current_setting('app.user_id', true), '')::uuid
  )
  WITH CHECK (
    org_id = nullif(current_setting('app.org_id', true), '')::uuid
    AND user_id = nullif(current_setting('app.user_id', true), '')::uuid
  );

ALTER TABLE sync_mutations ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_mutations FORCE ROW LEVEL SECURITY;
CREATE POLICY sync_mutations_mine ON sync_mutations
  USING (
    org_id = nullif(current_setting('app.org_id', true), '')::uuid
    AND user_id = nullif(current_setting('app.user_id', true), '')::uuid
  )
  WITH CHECK (
    org_id = nullif(current_setting('app.org_id', true), '')::uuid
    AND user_id = nullif(current_setting('app.user_id', true), '')::uuid
  );

-- Pokes: one NOTIFY per org per committing transaction, carrying the version the org reached in it.
-- A deferred trigger runs at commit; every row of the transaction sends the same payload, which
-- PostgreSQL folds into one notification. The version comes from a transaction-local setting that
-- recordChange sets with each bump (so no table read, and no row-level security, is involved); a
-- rolled-back transaction or savepoint sends nothing and undoes the setting.
CREATE FUNCTION botdesk_notify_org_change() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog
  AS $$
BEGIN
  PERFORM pg_notify(
    'botdesk_org_changes',
    json_build_object(
      'orgId', NEW.org_id,
      'version', coalesce(nullif(current_setting('botdesk.head_' || replace(NEW.org_id::text, '-', ''), true), '')::bigint, NEW.version)
    )::text
  );
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER org_changes_notify AFTER INSERT ON org_changes
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION botdesk_notify_org_change();

-- Retention (a background job, no request scope): drops each org's log rows older than `retain`, as a
-- prefix by version, and raises the org's floor; drops mutation outcomes older than `retain`.
CREATE FUNCTION botdesk_prune_sync(retain interval) RETURNS bigint
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
DECLARE
  pruned bigint := 0;
  n bigint;
  cutoff record;
BEGIN
  FOR cutoff IN
    SELECT c.org_id, max(c.version) AS through FROM public.org_changes c
    WHERE c.created_at < now() - retain GROUP BY c.org_id
  LOOP
    DELETE FROM public.org_changes WHERE org_id = cutoff.org_id AND version <= cutoff.through;
    GET DIAGNOSTICS n = ROW_COUNT;
    pruned := pruned + n;
    INSERT INTO public.org_change_floors (org_id, pruned_through) VALUES (cutoff.org_id, cutoff.through)
      ON CONFLICT (org_id) DO UPDATE SET pruned_through = greatest(org_change_floors.pruned_through, excluded.pruned_through);
  END LOOP;
  DELETE FROM public.sync_mutations WHERE created_at < now() - retain;
  RETURN pruned;
END $$;
REVOKE ALL ON FUNCTION botdesk_prune_sync(interval) FROM PUBLIC;
