import { and, desc, eq, lt } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { AppError } from '@shared/errors';
import { idSchema } from '@shared/schemas/common';
import type { AlertEvent, AlertRule, CreateAlertRuleBody } from '@shared/schemas/usage';
import type { alertRulePatchSchema } from '@shared/schemas/usage';
import { alertEvents, alertRules, memberships } from '../../db/schema';
import type { AlertRuleRow } from '../../db/schema';
import type { TxContext } from '../../db/tx';
import { recordAudit } from '../audit/audit.service';
import { requireMember } from '../orgs/membership';
import { recordChange } from '../sync/change-log';
import { armedAt, ruleDescription, ruleLimit } from '@shared/alert-crossing';
import { recordRule } from './alerts';
import { ensurePeriod } from './ledger';
import { alertEventView, alertRuleView } from './usage-views';

type AlertRulePatch = z.infer<typeof alertRulePatchSchema>;

const ruleNotFound = () => new AppError('not_found', 'Alert rule not found');

/** The org's alert rules, oldest first (usage.read). */
export async function listAlertRules(c: TxContext, orgId: string, now: Date): Promise<AlertRule[]> {
  await requireMember(c, orgId, 'usage.read');
  await ensurePeriod(c, orgId, now);
  const rows = await c.tx.select().from(alertRules).where(eq(alertRules.orgId, orgId)).orderBy(alertRules.id);
  return rows.map(alertRuleView);
}

async function assertRecipients(c: TxContext, orgId: string, memberIds: readonly string[]): Promise<void> {
  if (memberIds.length === 0) return;
  const rows = await c.tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.status, 'active')));
  const known = new Set(rows.map((r) => r.id));
  if (memberIds.some((id) => !known.has(id))) {
    throw new AppError('validation_failed', 'Every recipient must be an active member of this organization');
  }
}

/** Whether a rule starts armed now: not while the balance is already below it. */
async function armedNow(c: TxContext, orgId: string, rule: Pick<AlertRule, 'kind' | 'threshold'>, now: Date) {
  const account = await ensurePeriod(c, orgId, now);
  return armedAt(ruleLimit(rule, account.allowance), account.balance);
}

async function auditRule(
  c: TxContext,
  actor: string,
  action: string,
  before: AlertRuleRow | null,
  after: AlertRuleRow | null,
) {
  const rule = after ?? before;
  if (!rule) return;
  const fields = (r: AlertRuleRow | null) =>
    r && {
      kind: r.kind,
      threshold: r.threshold,
      channels: r.channels,
      recipientMemberIds: r.recipientMemberIds,
      enabled: r.enabled,
    };
  await recordAudit(c, {
    orgId: rule.orgId,
    actor,
    action: `alert_rule.${action}`,
    targetType: 'alert_rule',
    targetId: rule.id,
    targetLabel: `Remaining ${ruleDescription(rule)}`,
    before: fields(before),
    after: fields(after),
  });
}

/** Adds an alert rule (alerts.manage). Armed unless the balance is already below it. */
export async function createAlertRule(
  c: TxContext,
  orgId: string,
  input: CreateAlertRuleBody,
  now: Date,
): Promise<AlertRule> {
  const actor = await requireMember(c, orgId, 'alerts.manage');
  await assertRecipients(c, orgId, input.recipientMemberIds);
  const [row] = await c.tx
    .insert(alertRules)
    .values({
      orgId,
      id: uuidv7(),
      kind: input.kind,
      threshold: input.threshold,
      channels: [...new Set(input.channels)],
      recipientMemberIds: [...new Set(input.recipientMemberIds)],
      enabled: input.enabled,
      armed: await armedNow(c, orgId, input, now),
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new AppError('internal', 'The alert rule could not be written');
  await recordRule(c, row);
  await auditRule(c, actor.userId, 'created', null, row);
  return alertRuleView(row);
}

async function readRule(c: TxContext, orgId: string, ruleId: string): Promise<AlertRuleRow> {
  const [row] = await c.tx
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.orgId, orgId), eq(alertRules.id, ruleId)))
    .for('update');
  if (!row) throw ruleNotFound();
  return row;
}

/**
 * Changes a rule (alerts.manage; the alertRule.update and alertRule.setEnabled mutators too). A new
 * threshold or a re-enabled rule is armed only while the balance is not below it, so changing a
 * rule never fires it by itself.
 */
export async function updateAlertRule(
  c: TxContext,
  orgId: string,
  ruleId: string,
  patch: AlertRulePatch,
  now: Date,
): Promise<AlertRule> {
  const actor = await requireMember(c, orgId, 'alerts.manage');
  const before = await readRule(c, orgId, ruleId);
  if (patch.recipientMemberIds) await assertRecipients(c, orgId, patch.recipientMemberIds);
  const threshold = patch.threshold ?? before.threshold;
  if (before.kind === 'percent_below' && threshold > 100) {
    throw new AppError('validation_failed', 'A percentage is at most 100');
  }
  const rearm = patch.threshold !== undefined || (patch.enabled === true && !before.enabled);
  const [row] = await c.tx
    .update(alertRules)
    .set({
      ...patch,
      ...(patch.channels ? { channels: [...new Set(patch.channels)] } : {}),
      ...(patch.recipientMemberIds ? { recipientMemberIds: [...new Set(patch.recipientMemberIds)] } : {}),
      ...(rearm ? { armed: await armedNow(c, orgId, { kind: before.kind, threshold }, now) } : {}),
      updatedAt: now,
    })
    .where(and(eq(alertRules.orgId, orgId), eq(alertRules.id, ruleId)))
    .returning();
  if (!row) throw ruleNotFound();
  await recordRule(c, row);
  await auditRule(c, actor.userId, 'updated', before, row);
  return alertRuleView(row);
}

/** Deletes a rule (alerts.manage); its past events stay. */
export async function deleteAlertRule(c: TxContext, orgId: string, ruleId: string): Promise<void> {
  const actor = await requireMember(c, orgId, 'alerts.manage');
  const before = await readRule(c, orgId, ruleId);
  await c.tx.delete(alertRules).where(and(eq(alertRules.orgId, orgId), eq(alertRules.id, ruleId)));
  await recordChange(c, { orgId, entity: 'alertRule', entityId: ruleId, op: 'delete', data: null });
  await auditRule(c, actor.userId, 'deleted', before, null);
}

export const alertEventsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The last event id of the previous page. */
  cursor: idSchema.optional(),
});

/** The org's alert events, newest first, keyset paged (usage.read). */
export async function listAlertEvents(
  c: TxContext,
  orgId: string,
  query: z.infer<typeof alertEventsQuerySchema>,
): Promise<{ events: AlertEvent[]; nextCursor: string | null }> {
  await requireMember(c, orgId, 'usage.read');
  const rows = await c.tx
    .select()
    .from(alertEvents)
    .where(and(eq(alertEvents.orgId, orgId), query.cursor ? lt(alertEvents.id, query.cursor) : undefined))
    .orderBy(desc(alertEvents.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return { events: page.map(alertEventView), nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null };
}
