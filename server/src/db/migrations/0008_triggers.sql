-- Triggers: the two lookups that have no org scope yet. Both are narrow SECURITY DEFINER functions
-- with a pinned search_path (row-level security stays on for everything else).

-- The scheduler (a background job) asks which enabled schedule triggers are due, across orgs. It
-- answers ids only; the job then reads and changes each trigger in a transaction scoped to its org.
CREATE FUNCTION botdesk_due_triggers(due_at timestamptz, max_rows integer)
  RETURNS TABLE (org_id uuid, trigger_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT t.org_id, t.id FROM public.triggers t
    JOIN public.organizations o ON o.id = t.org_id AND o.status = 'active'
    WHERE t.kind = 'schedule' AND t.enabled AND t.next_fire_at <= due_at
    ORDER BY t.next_fire_at
    LIMIT max_rows
  $$;
REVOKE ALL ON FUNCTION botdesk_due_triggers(timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION botdesk_due_triggers(timestamptz, integer) TO botdesk_app;

-- A webhook call names only its trigger id. This answers the org and the secret to check the HMAC
-- with, and only for an enabled webhook trigger of an active org: request code can never SELECT
-- webhook_secret itself (see the column grants in 0005_automation.sql).
CREATE FUNCTION botdesk_webhook_secret(trigger_in uuid)
  RETURNS TABLE (org_id uuid, secret text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT t.org_id, t.webhook_secret FROM public.triggers t
    JOIN public.organizations o ON o.id = t.org_id AND o.status = 'active'
    WHERE t.id = trigger_in AND t.kind = 'webhook' AND t.enabled AND t.webhook_secret IS NOT NULL
  $$;
REVOKE ALL ON FUNCTION botdesk_webhook_secret(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION botdesk_webhook_secret(uuid) TO botdesk_app;

-- A fired slot with no run was skipped (its bot was disabled, or another server process had
-- already queued it); the row still stops the slot from firing again.
COMMENT ON COLUMN trigger_fires.run_id IS 'The run the slot queued; null when the slot was skipped';
