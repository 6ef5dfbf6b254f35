-- API keys at request time: resolving a presented key by its hash and counting it against the
-- per-key rate limit, in one call. Request code cannot read api_keys.key_hash (column grants in
-- 0005_automation.sql), so the lookup goes through this SECURITY DEFINER function.

-- The shared rate-limit store: one row per key holding the current fixed one-minute window and its
-- count. Every server process counts in the same row, so the limit holds across processes. A fixed
-- window (rather than a sliding one) because its verdict only gets worse within a window: a process
-- that has seen a key go over may refuse it from memory until the window ends, without asking the
-- database again. The price is a burst of up to twice the limit across a window boundary.
CREATE TABLE api_key_rate_windows (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  key_id uuid NOT NULL,
  window_start timestamptz NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (org_id, key_id),
  FOREIGN KEY (org_id, key_id) REFERENCES api_keys (org_id, id) ON DELETE CASCADE
);
GRANT SELECT ON api_key_rate_windows TO botdesk_app;

ALTER TABLE api_key_rate_windows ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_key_rate_windows FORCE ROW LEVEL SECURITY;
CREATE POLICY api_key_rate_windows_current ON api_key_rate_windows
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);
SELECT botdesk_schema_owner_policy('api_key_rate_windows');

-- Resolves a key hash to its key and organization and, for a usable key (not revoked, org active),
-- counts one request in the window starting at window_in; `hits` is the count after this one (0 when
-- nothing was counted). No row: no such key. A window older than the stored one (a process with a
-- slower clock) counts into the stored window instead of resetting it.
CREATE FUNCTION botdesk_api_key_hit(hash_in text, window_in timestamptz)
  RETURNS TABLE (org_id uuid, id uuid, name text, type text, scopes text[], revoked_at timestamptz,
                 plan text, org_status text, window_start timestamptz, hits integer)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
#variable_conflict use_column
DECLARE
  k record;
BEGIN
  SELECT a.org_id, a.id, a.name, a.type, a.scopes, a.revoked_at, o.plan, o.status
    INTO k
    FROM public.api_keys a JOIN public.organizations o ON o.id = a.org_id
    WHERE a.key_hash = hash_in;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  org_id := k.org_id; id := k.id; name := k.name; type := k.type; scopes := k.scopes;
  revoked_at := k.revoked_at; plan := k.plan; org_status := k.status;
  window_start := window_in; hits := 0;
  IF k.revoked_at IS NULL AND k.status = 'active' THEN
    INSERT INTO public.api_key_rate_windows AS w (org_id, key_id, window_start, count)
      VALUES (k.org_id, k.id, window_in, 1)
      ON CONFLICT ON CONSTRAINT api_key_rate_windows_pkey DO UPDATE
        SET count = CASE WHEN excluded.window_start > w.window_start THEN 1 ELSE w.count + 1 END,
            window_start = greatest(w.window_start, excluded.window_start)
      RETURNING w.window_start, w.count INTO window_start, hits;
  END IF;
  RETURN NEXT;
END $$;
REVOKE ALL ON FUNCTION botdesk_api_key_hit(text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION botdesk_api_key_hit(text, timestamptz) TO botdesk_app;
