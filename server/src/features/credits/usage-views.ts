import { and, asc, eq, gt } from 'drizzle-orm';
import type { AlertEvent, AlertRule, CreditAccount, UsageDay } from '@shared/schemas/usage';
import { alertEvents, alertRules, creditAccounts, usageDays } from '../../db/schema';
import type { AlertEventRow, AlertRuleRow, CreditAccountRow, UsageDayRow } from '../../db/schema';
import type { TxContext } from '../../db/tx';

// Sync views of the credits feature (to members with usage.read) and their snapshot pages.

export function creditAccountView(row: CreditAccountRow): CreditAccount {
  return {
    id: row.orgId,
    orgId: row.orgId,
    plan: row.plan,
    periodStart: row.periodStart.toISOString(),
    periodEnd: row.periodEnd.toISOString(),
    allowance: row.allowance,
    balance: row.balance,
    consumedThisPeriod: row.consumedThisPeriod,
    toppedUpThisPeriod: row.toppedUpThisPeriod,
    overdraftPolicy: row.overdraftPolicy,
    graceCredits: row.graceCredits,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function usageDayView(row: UsageDayRow): UsageDay {
  return {
    id: row.id,
    orgId: row.orgId,
    day: row.day,
    botId: row.botId,
    botName: row.botName,
    triggerId: row.triggerId,
    credits: row.credits,
    runs: row.runs,
  };
}

export function alertRuleView(row: AlertRuleRow): AlertRule {
  return {
    id: row.id,
    orgId: row.orgId,
    kind: row.kind,
    threshold: row.threshold,
    channels: row.channels,
    recipientMemberIds: row.recipientMemberIds,
    enabled: row.enabled,
    armed: row.armed,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function alertEventView(row: AlertEventRow): AlertEvent {
  return {
    id: row.id,
    orgId: row.orgId,
    ruleId: row.ruleId,
    kind: row.kind,
    threshold: row.threshold,
    balance: row.balance,
    allowance: row.allowance,
    message: row.message,
    at: row.at.toISOString(),
  };
}

type Loader<T> = (c: TxContext, orgId: string, afterId: string | null, limit: number) => Promise<T[]>;

/** The org's account (one row, id = org id); none until the org's credits are first touched. */
export const loadCreditAccountViews: Loader<CreditAccount> = async (c, orgId, afterId, limit) => {
  if (afterId !== null || limit < 1) return [];
  const rows = await c.tx.select().from(creditAccounts).where(eq(creditAccounts.orgId, orgId));
  return rows.map(creditAccountView);
};

export const loadUsageDayViews: Loader<UsageDay> = async (c, orgId, afterId, limit) => {
  const rows = await c.tx
    .select()
    .from(usageDays)
    .where(and(eq(usageDays.orgId, orgId), afterId === null ? undefined : gt(usageDays.id, afterId)))
    .orderBy(asc(usageDays.id))
    .limit(limit);
  return rows.map(usageDayView);
};

export const loadAlertRuleViews: Loader<AlertRule> = async (c, orgId, afterId, limit) => {
  const rows = await c.tx
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.orgId, orgId), afterId === null ? undefined : gt(alertRules.id, afterId)))
    .orderBy(asc(alertRules.id))
    .limit(limit);
  return rows.map(alertRuleView);
};

export const loadAlertEventViews: Loader<AlertEvent> = async (c, orgId, afterId, limit) => {
  const rows = await c.tx
    .select()
    .from(alertEvents)
    .where(and(eq(alertEvents.orgId, orgId), afterId === null ? undefined : gt(alertEvents.id, afterId)))
    .orderBy(asc(alertEvents.id))
    .limit(limit);
  return rows.map(alertEventView);
};
