import { boolean, date, integer, numeric, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { at } from './columns';

// Typed view of the credits and alerts tables of 0010_credits.sql (the SQL is the source of truth).

const credits = (name: string) => numeric(name, { precision: 18, scale: 4, mode: 'number' });
const planKeys = ['free', 'team', 'business', 'enterprise'] as const;

/** One per org: the ledger's rollup (balance = sum of the org's ledger). */
export const creditAccounts = pgTable('credit_accounts', {
  orgId: uuid('org_id').primaryKey(),
  plan: text('plan', { enum: planKeys }).notNull(),
  anchorAt: at('anchor_at').notNull(),
  periodStart: at('period_start').notNull(),
  periodEnd: at('period_end').notNull(),
  allowance: credits('allowance').notNull(),
  balance: credits('balance').notNull(),
  grantRemaining: credits('grant_remaining').notNull(),
  consumedThisPeriod: credits('consumed_this_period').notNull().default(0),
  toppedUpThisPeriod: credits('topped_up_this_period').notNull().default(0),
  overdraftPolicy: text('overdraft_policy', { enum: ['hard_stop', 'grace'] }).notNull(),
  graceCredits: credits('grace_credits').notNull().default(0),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

export const ledgerKinds = ['grant', 'top_up', 'consumption', 'expiry'] as const;

/** Append-only for requests. */
export const creditLedger = pgTable(
  'credit_ledger',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    kind: text('kind', { enum: ledgerKinds }).notNull(),
    credits: credits('credits').notNull(),
    runId: uuid('run_id'),
    periodStart: at('period_start'),
    actorId: uuid('actor_id'),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const usageDays = pgTable(
  'usage_days',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    botId: uuid('bot_id').notNull(),
    botName: text('bot_name').notNull(),
    triggerId: uuid('trigger_id'),
    credits: credits('credits').notNull().default(0),
    runs: integer('runs').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const alertRules = pgTable(
  'alert_rules',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    kind: text('kind', { enum: ['credits_below', 'percent_below'] }).notNull(),
    threshold: credits('threshold').notNull(),
    channels: text('channels', { enum: ['desktop', 'email'] })
      .array()
      .notNull(),
    recipientMemberIds: uuid('recipient_member_ids').array().notNull().default([]),
    enabled: boolean('enabled').notNull().default(true),
    armed: boolean('armed').notNull().default(true),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const alertEvents = pgTable(
  'alert_events',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    ruleId: uuid('rule_id').notNull(),
    kind: text('kind', { enum: ['credits_below', 'percent_below'] }).notNull(),
    threshold: credits('threshold').notNull(),
    balance: credits('balance').notNull(),
    allowance: credits('allowance').notNull(),
    message: text('message').notNull(),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

/** Queued by requests; claimed and marked sent through SECURITY DEFINER functions (see alert-mail-sender.ts). */
export const alertEmails = pgTable(
  'alert_emails',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    eventId: uuid('event_id').notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export type CreditAccountRow = typeof creditAccounts.$inferSelect;
export type UsageDayRow = typeof usageDays.$inferSelect;
export type AlertRuleRow = typeof alertRules.$inferSelect;
export type AlertEventRow = typeof alertEvents.$inferSelect;
