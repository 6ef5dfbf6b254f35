-- Runs and runners: indexes for claiming and bot status, and the sweeper's narrow view across orgs.

-- Claiming takes the oldest unclaimed queued runs of the bots a runner serves (a claimed run stays
-- `queued` with its runner and lease set until the runner reports it running).
CREATE INDEX runs_claimable ON runs (org_id, bot_id, queued_at, id) WHERE status = 'queued' AND runner_id IS NULL;
-- A bot's status asks whether any run of it is running.
CREATE INDEX runs_running ON runs (org_id, bot_id) WHERE status = 'running';

-- The sweeper (a background job, no request scope) learns which orgs have a runner whose last
-- heartbeat is older than `stale_before`, or a claimed or running run whose lease ended before
-- `now_in`. It answers only org ids: the sweep itself runs per org as botdesk_app under row-level
-- security, so its writes reach the change log like any other.
CREATE FUNCTION botdesk_runner_sweep_orgs(stale_before timestamptz, now_in timestamptz) RETURNS TABLE (org_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT r.org_id FROM public.runners r WHERE r.status = 'online' AND r.last_heartbeat_at < stale_before
    UNION
    SELECT x.org_id FROM public.runs x
    WHERE x.status IN ('queued', 'running') AND x.lease_expires_at IS NOT NULL AND x.lease_expires_at < now_in
  $$;
REVOKE ALL ON FUNCTION botdesk_runner_sweep_orgs(timestamptz, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION botdesk_runner_sweep_orgs(timestamptz, timestamptz) TO botdesk_app;
