-- The progress fast path (run-progress.ts) as a function: a progress report is the bulk of all
-- runner traffic, and its statement took five times longer to plan than to run. PL/pgSQL keeps
-- the plan of the statement inside for the whole session, so each report is planned once per pool
-- connection instead of once per report. SECURITY INVOKER: it runs as the request's botdesk_app
-- under row-level security, like the statement it replaces.
--
-- Renews the lease of a running run (held by the runner of runner_key_in, when given) to lease_in
-- when it ends before renew_before_in, and answers the run; no row when the run is not running or
-- another runner holds it. The renewal re-checks status and holder under the row lock.
CREATE FUNCTION botdesk_run_progress(org_in uuid, run_in uuid, runner_key_in text, lease_in timestamptz,
                                     renew_before_in timestamptz)
  RETURNS SETOF runs
  LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, public
  AS $$
BEGIN
  RETURN QUERY
    WITH renewed AS (
      UPDATE public.runs r SET lease_expires_at = lease_in
      WHERE r.org_id = org_in AND r.id = run_in AND r.status = 'running'
        AND (runner_key_in IS NULL OR r.runner_id IS NULL OR r.runner_id IN
          (SELECT n.id FROM public.runners n WHERE n.org_id = org_in AND n.runner_key = runner_key_in))
        AND (r.lease_expires_at IS NULL OR r.lease_expires_at < renew_before_in)
      RETURNING r.*)
    SELECT * FROM renewed
    UNION ALL
    SELECT r.* FROM public.runs r
    WHERE r.org_id = org_in AND r.id = run_in AND r.status = 'running'
      AND (runner_key_in IS NULL OR r.runner_id IS NULL OR r.runner_id IN
        (SELECT n.id FROM public.runners n WHERE n.org_id = org_in AND n.runner_key = runner_key_in))
      AND NOT EXISTS (SELECT 1 FROM renewed);
END $$;
