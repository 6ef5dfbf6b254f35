-- Lease renewal as a HOT update. A progress report (the bulk of all runner traffic) writes only
-- lease_expires_at, log and data; while lease_expires_at was indexed (runs_leased, 0005) every
-- renewal wrote a new entry into each of the table's indexes. Without it no index of runs covers a
-- column a renewal writes, so PostgreSQL can keep the new row version on the same page and leave the
-- indexes alone. The sweeper finds expired leases through the status partial indexes instead
-- (runs_running from 0007, runs_queued from 0005): only the runs in flight, a small set.
DROP INDEX runs_leased;

-- Room on each page for the renewed row versions HOT writes next to the old ones.
ALTER TABLE runs SET (fillfactor = 80);

CREATE OR REPLACE FUNCTION botdesk_runner_sweep_orgs(stale_before timestamptz, now_in timestamptz) RETURNS TABLE (org_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT r.org_id FROM public.runners r WHERE r.status = 'online' AND r.last_heartbeat_at < stale_before
    UNION
    SELECT x.org_id FROM public.runs x WHERE x.status = 'running' AND x.lease_expires_at < now_in
    UNION
    SELECT x.org_id FROM public.runs x WHERE x.status = 'queued' AND x.lease_expires_at < now_in
  $$;
