import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { AppError } from '@shared/errors';
import { alertEvents, alertRules, organizations } from '../../db/schema';
import type { AlertRuleRow, CreditAccountRow } from '../../db/schema';
import type { TxContext } from '../../db/tx';
import { recordChange } from '../sync/change-log';
import { queueAlertEmails } from './alert-mail';
import { alertMessage, crossedThreshold, ruleLimit } from '@shared/alert-crossing';
import { alertEventView, alertRuleView } from './usage-views';

/** Every org starts with these: 20% and 5% of the period's allowance remaining, desktop and email. */
export const defaultAlertRules = [
  { kind: 'percent_below', threshold: 20 },
  { kind: 'percent_below', threshold: 5 },
] as const;

/** Logs a rule's sync view. */
export async function recordRule(c: TxContext, row: AlertRuleRow): Promise<void> {
  await recordChange(c, {
    orgId: row.orgId,
    entity: 'alertRule',
    entityId: row.id,
    op: 'upsert',
    data: alertRuleView(row),
  });
}

/** Adds the default alert rules to an org whose credit account was just opened (full balance: armed). */
export async function seedDefaultAlertRules(c: TxContext, orgId: string, now: Date): Promise<void> {
  const rows = await c.tx
    .insert(alertRules)
    .values(
      defaultAlertRules.map((r) => ({
        orgId,
        id: uuidv7(),
        kind: r.kind,
        threshold: r.threshold,
        channels: ['desktop' as const, 'email' as const],
        createdAt: now,
        updatedAt: now,
      })),
    )
    .returning();
  for (const row of rows) await recordRule(c, row);
}

async function setArmed(c: TxContext, rule: AlertRuleRow, armed: boolean, now: Date): Promise<AlertRuleRow> {
  const [row] = await c.tx
    .update(alertRules)
    .set({ armed, updatedAt: now })
    .where(and(eq(alertRules.orgId, rule.orgId), eq(alertRules.id, rule.id)))
    .returning();
  if (!row) throw new AppError('internal', 'The alert rule could not be updated');
  await recordRule(c, row);
  return row;
}

async function orgName(c: TxContext, orgId: string): Promise<string> {
  const [org] = await c.tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, orgId));
  return org?.name ?? 'Your organization';
}

async function fire(c: TxContext, rule: AlertRuleRow, account: CreditAccountRow, name: string, now: Date) {
  await setArmed(c, rule, false, now);
  const [event] = await c.tx
    .insert(alertEvents)
    .values({
      orgId: rule.orgId,
      id: uuidv7(),
      ruleId: rule.id,
      kind: rule.kind,
      threshold: rule.threshold,
      balance: account.balance,
      allowance: account.allowance,
      message: alertMessage(name, account.balance, account.allowance),
      at: now,
    })
    .returning();
  if (!event) throw new AppError('internal', 'The alert event could not be written');
  await recordChange(c, {
    orgId: rule.orgId,
    entity: 'alertEvent',
    entityId: event.id,
    op: 'upsert',
    data: alertEventView(event),
  });
  if (rule.channels.includes('email')) await queueAlertEmails(c, rule, event, name);
}

/**
 * Evaluates the org's enabled alert rules against the balance the caller's transaction just wrote:
 * each armed rule the balance is now below fires once (an alert event, emails queued) and disarms;
 * each disarmed rule the balance is back above re-arms. Rules crossed together fire from the highest
 * threshold down, so the event of the lowest remaining comes last.
 */
export async function evaluateAlerts(c: TxContext, account: CreditAccountRow, now: Date): Promise<void> {
  const rules = await c.tx
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.orgId, account.orgId), eq(alertRules.enabled, true)))
    .orderBy(alertRules.id);
  const judged = rules.map((rule) => {
    const limit = ruleLimit(rule, account.allowance);
    return { rule, limit, decision: crossedThreshold({ armed: rule.armed, limit }, account.balance) };
  });
  for (const j of judged) if (j.decision === 'rearm') await setArmed(c, j.rule, true, now);
  const firing = judged.filter((j) => j.decision === 'fire').sort((a, b) => b.limit - a.limit);
  if (firing.length === 0) return;
  const name = await orgName(c, account.orgId);
  for (const j of firing) await fire(c, j.rule, account, name, now);
}
