-- Running runs answered from process memory (runner/run-cache.ts): a progress report on a run that
-- this process saw running, held by the naming runner, with its lease not yet due for renewal,
-- makes no database call. Any change to what such a report answers — the run's status, holder or
-- any field of its sync view — tells every server process on this channel, with the run id as
-- payload, and they drop the run. A lease renewal alone (lease_expires_at) is not a change: each
-- process renews when its own copy says so. The notification is sent at commit, whichever code path
-- or tool wrote the change.
CREATE FUNCTION botdesk_run_notify() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, public
  AS $$
BEGIN
  PERFORM pg_notify('botdesk_runs', OLD.id::text);
  RETURN NULL;
END $$;

CREATE TRIGGER runs_notify_change AFTER UPDATE ON runs
  FOR EACH ROW WHEN (
    (OLD.status, OLD.runner_id, OLD.bot_id, OLD.bot_name, OLD.trigger_id, OLD.actor_id, OLD.started_by,
     OLD.queued_at, OLD.started_at, OLD.finished_at, OLD.duration_ms, OLD.credits, OLD.error, OLD.log,
     OLD.data, OLD.retry_of)
    IS DISTINCT FROM
    (NEW.status, NEW.runner_id, NEW.bot_id, NEW.bot_name, NEW.trigger_id, NEW.actor_id, NEW.started_by,
     NEW.queued_at, NEW.started_at, NEW.finished_at, NEW.duration_ms, NEW.credits, NEW.error, NEW.log,
     NEW.data, NEW.retry_of))
  EXECUTE FUNCTION botdesk_run_notify();
-- Only a running run can be cached; finished ones (what retention deletes) are not announced.
CREATE TRIGGER runs_notify_delete AFTER DELETE ON runs
  FOR EACH ROW WHEN (OLD.status = 'running')
  EXECUTE FUNCTION botdesk_run_notify();
