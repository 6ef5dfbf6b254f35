-- Credits and usage alerts: the credit ledger and its rollups (the account row and daily usage), alert
-- rules, alert events and the outbox of alert emails. Tenant tables like those of 0001_core.sql:
-- org_id leads every key, ENABLE + FORCE row-level security, one policy on app.org_id.

-- One row per org: the ledger's rollup, kept in the same transaction as every ledger insert, so reads
-- never sum the ledger. balance = sum(credit_ledger.credits); grant_remaining is the part of the
-- balance that came from this period's grant (consumption draws from it first; it expires at the
-- period's end, top-ups do not).
CREATE TABLE credit_accounts (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  plan text NOT NULL CHECK (plan IN ('free', 'team', 'business', 'enterprise')),
  -- Periods are months counted from this instant (the org's creation).
  anchor_at timestamptz NOT NULL,
  period_start timestamptz NOT NULL,
  period_end timestamptz NOT NULL,
  allowance numeric(18, 4) NOT NULL,
  balance numeric(18, 4) NOT NULL,
  grant_remaining numeric(18, 4) NOT NULL CHECK (grant_remaining >= 0),
  consumed_this_period numeric(18, 4) NOT NULL DEFAULT 0,
  topped_up_this_period numeric(18, 4) NOT NULL DEFAULT 0,
  overdraft_policy text NOT NULL CHECK (overdraft_policy IN ('hard_stop', 'grace')),
  grace_credits numeric(18, 4) NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id)
);

-- Every change of an org's credits. Append-only for requests.
CREATE TABLE credit_ledger (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('grant', 'top_up', 'consumption', 'expiry')),
  -- Signed: grants and top-ups add, consumption and expiry subtract.
  credits numeric(18, 4) NOT NULL,
  run_id uuid,
  -- The period a grant is for (null for the extra grant of a mid-period upgrade) or an expiry ends.
  period_start timestamptz,
  actor_id uuid,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  CHECK ((kind = 'consumption') = (run_id IS NOT NULL)),
  CHECK ((kind IN ('grant', 'top_up') AND credits >= 0) OR (kind IN ('consumption', 'expiry') AND credits <= 0))
);
-- A run never debits twice, and a period's grant happens once, whichever server process gets there.
CREATE UNIQUE INDEX credit_ledger_run ON credit_ledger (org_id, run_id) WHERE kind = 'consumption';
CREATE UNIQUE INDEX credit_ledger_period_grant ON credit_ledger (org_id, period_start)
  WHERE kind = 'grant' AND period_start IS NOT NULL;

-- Consumption per UTC day, bot and trigger (null trigger: run now, retry, a runner), kept with each debit.
CREATE TABLE usage_days (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  day date NOT NULL,
  bot_id uuid NOT NULL,
  bot_name text NOT NULL,
  trigger_id uuid,
  credits numeric(18, 4) NOT NULL DEFAULT 0,
  runs integer NOT NULL DEFAULT 0,
  PRIMARY KEY (org_id, id),
  CONSTRAINT usage_days_slot UNIQUE NULLS NOT DISTINCT (org_id, day, bot_id, trigger_id)
);

CREATE TABLE alert_rules (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('credits_below', 'percent_below')),
  threshold numeric(18, 4) NOT NULL CHECK (threshold >= 0),
  channels text[] NOT NULL,
  recipient_member_ids uuid[] NOT NULL DEFAULT '{}',
  enabled boolean NOT NULL DEFAULT true,
  -- false after the rule fired, until the balance recovers to the threshold or above.
  armed boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  CHECK (kind <> 'percent_below' OR threshold <= 100)
);

-- One downward crossing of a rule's threshold; kept when the rule is deleted.
CREATE TABLE alert_events (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  rule_id uuid NOT NULL,
  kind text NOT NULL,
  threshold numeric(18, 4) NOT NULL,
  balance numeric(18, 4) NOT NULL,
  allowance numeric(18, 4) NOT NULL,
  message text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);

-- Alert emails waiting to be sent: written in the transaction that fired the alert, sent by the
-- server after commit (never while that transaction holds its locks), claimed with a lease so two
-- server processes never send the same message.
CREATE TABLE alert_emails (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  event_id uuid NOT NULL,
  to_address text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  claimed_until timestamptz,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);
CREATE INDEX alert_emails_unsent ON alert_emails (created_at) WHERE sent_at IS NULL;

REVOKE ALL ON credit_accounts, credit_ledger, usage_days, alert_rules, alert_events, alert_emails FROM botdesk_app;
GRANT SELECT, INSERT, UPDATE ON credit_accounts, usage_days TO botdesk_app;
GRANT SELECT, INSERT ON credit_ledger, alert_events TO botdesk_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON alert_rules TO botdesk_app;
-- Requests queue emails and may read their org's; the sender works through the functions below.
GRANT SELECT, INSERT ON alert_emails TO botdesk_app;

ALTER TABLE credit_accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE credit_accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY credit_accounts_current ON credit_accounts
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);

ALTER TABLE credit_ledger ENABLE ROW LEVEL SECURITY;
ALTER TABLE credit_ledger FORCE ROW LEVEL SECURITY;
CREATE POLICY credit_ledger_current ON credit_ledger
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);

ALTER TABLE usage_days ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_days FORCE ROW LEVEL SECURITY;
CREATE POLICY usage_days_current ON usage_days
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);

ALTER TABLE alert_rules ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_rules FORCE ROW LEVEL SECURITY;
CREATE POLICY alert_rules_current ON alert_rules
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);

ALTER TABLE alert_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_events FORCE ROW LEVEL SECURITY;
CREATE POLICY alert_events_current ON alert_events
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);

ALTER TABLE alert_emails ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_emails FORCE ROW LEVEL SECURITY;
CREATE POLICY alert_emails_current ON alert_emails
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);

SELECT botdesk_schema_owner_policy(t)
FROM unnest(ARRAY['credit_accounts', 'credit_ledger', 'usage_days', 'alert_rules', 'alert_events', 'alert_emails']) AS t;

-- The alert sender (a background job across orgs): claims up to max_in unsent emails for lease_in,
-- oldest first; rows another process holds are skipped. Gives up on an email after 5 attempts.
CREATE FUNCTION botdesk_claim_alert_emails(max_in integer, lease_in interval)
  RETURNS TABLE (org_id uuid, id uuid, to_address text, subject text, body text)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    UPDATE public.alert_emails e SET claimed_until = now() + lease_in, attempts = e.attempts + 1
    FROM (
      SELECT q.org_id, q.id FROM public.alert_emails q
      WHERE q.sent_at IS NULL AND q.attempts < 5 AND (q.claimed_until IS NULL OR q.claimed_until < now())
      ORDER BY q.created_at
      LIMIT max_in
      FOR UPDATE SKIP LOCKED
    ) picked
    WHERE e.org_id = picked.org_id AND e.id = picked.id
    RETURNING e.org_id, e.id, e.to_address, e.subject, e.body
  $$;
REVOKE ALL ON FUNCTION botdesk_claim_alert_emails(integer, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION botdesk_claim_alert_emails(integer, interval) TO botdesk_app;

-- Marks a claimed email sent.
CREATE FUNCTION botdesk_alert_email_sent(org_in uuid, id_in uuid) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$ UPDATE public.alert_emails SET sent_at = now(), claimed_until = NULL WHERE org_id = org_in AND id = id_in $$;
REVOKE ALL ON FUNCTION botdesk_alert_email_sent(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION botdesk_alert_email_sent(uuid, uuid) TO botdesk_app;
