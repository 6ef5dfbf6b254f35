-- Run retention (a background job, no request scope): deletes finished runs queued before their
-- org's plan cutoff. Plans live in code (src/shared/plans.ts), so the job passes one cutoff per plan
-- key. Deletes at most `batch` runs per call (the job calls again until a call deletes fewer), so no
-- call holds locks for long. Retention deletes are not sync changes: nothing is written to the log,
-- and desktops keep what they hold until their own history limit drops it.
CREATE FUNCTION botdesk_prune_runs(cutoffs jsonb, batch integer) RETURNS bigint
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    WITH doomed AS (
      SELECT r.org_id, r.id FROM public.runs r
      JOIN public.organizations o ON o.id = r.org_id
      WHERE r.status IN ('succeeded', 'failed', 'cancelled')
        AND cutoffs ? o.plan
        AND r.queued_at < (cutoffs ->> o.plan)::timestamptz
      LIMIT batch
    ),
    deleted AS (
      DELETE FROM public.runs r USING doomed d WHERE r.org_id = d.org_id AND r.id = d.id RETURNING 1
    )
    SELECT count(*) FROM deleted
  $$;
REVOKE ALL ON FUNCTION botdesk_prune_runs(jsonb, integer) FROM PUBLIC;
