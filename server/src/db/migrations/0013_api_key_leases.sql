-- API keys resolved from process memory (api-key-gate.ts): each server process keeps the keys it
-- has verified and a leased share of each key's rate-limit budget, so most runner requests make no
-- database call to authenticate.

-- Anything that changes what a cached key may do — its revocation, deletion, scopes, name or type,
-- its organization's status or plan (which sets the rate limit) — tells every server process on
-- this channel, with the org id as payload; they drop that org's cached keys. The notification is
-- sent at commit, whichever code path or tool wrote the change. last_used_at is not listed: the
-- processes write it themselves, in batches.
CREATE FUNCTION botdesk_api_key_notify() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, public
  AS $$
BEGIN
  -- Two statements, not one CASE: PL/pgSQL plans a whole expression, and organizations has no org_id.
  IF TG_TABLE_NAME = 'organizations' THEN
    PERFORM pg_notify('botdesk_api_keys', OLD.id::text);
  ELSE
    PERFORM pg_notify('botdesk_api_keys', OLD.org_id::text);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER api_keys_notify_change AFTER UPDATE OF revoked_at, scopes, name, type, key_hash ON api_keys
  FOR EACH ROW WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.scopes IS DISTINCT FROM NEW.scopes
    OR OLD.name IS DISTINCT FROM NEW.name OR OLD.type IS DISTINCT FROM NEW.type OR OLD.key_hash IS DISTINCT FROM NEW.key_hash)
  EXECUTE FUNCTION botdesk_api_key_notify();
CREATE TRIGGER api_keys_notify_delete AFTER DELETE ON api_keys
  FOR EACH ROW EXECUTE FUNCTION botdesk_api_key_notify();
CREATE TRIGGER organizations_notify_key_limits AFTER UPDATE OF status, plan ON organizations
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.plan IS DISTINCT FROM NEW.plan)
  EXECUTE FUNCTION botdesk_api_key_notify();
CREATE TRIGGER organizations_notify_key_delete AFTER DELETE ON organizations
  FOR EACH ROW EXECUTE FUNCTION botdesk_api_key_notify();

-- botdesk_api_key_hit (0006) counting `want` requests at once: a process leases part of the key's
-- budget in the shared window and spends it from memory. `hits` is the count after the lease; the
-- caller may spend what of `want` fits under its limit (hits - want counted before it). Counting
-- the whole `want` even past the limit is harmless: the count is only compared with the limit.
CREATE FUNCTION botdesk_api_key_lease(hash_in text, window_in timestamptz, want integer)
  RETURNS TABLE (org_id uuid, id uuid, name text, type text, scopes text[], revoked_at timestamptz,
                 plan text, org_status text, window_start timestamptz, hits integer)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
#variable_conflict use_column
DECLARE
  k record;
BEGIN
  IF want < 1 THEN
    RAISE EXCEPTION 'A lease counts at least one request';
  END IF;
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
      VALUES (k.org_id, k.id, window_in, want)
      ON CONFLICT ON CONSTRAINT api_key_rate_windows_pkey DO UPDATE
        SET count = CASE WHEN excluded.window_start > w.window_start THEN want ELSE w.count + want END,
            window_start = greatest(w.window_start, excluded.window_start)
      RETURNING w.window_start, w.count INTO window_start, hits;
  END IF;
  RETURN NEXT;
END $$;
REVOKE ALL ON FUNCTION botdesk_api_key_lease(text, timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION botdesk_api_key_lease(text, timestamptz, integer) TO botdesk_app;
