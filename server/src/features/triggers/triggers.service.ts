import { and, asc, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { AppError, assert } from '@shared/errors';
import type { CreateTriggerBody, Trigger, TriggerPatch, TriggerWithSecret } from '@shared/schemas/automation';
import { bots, triggerFires, triggers } from '../../db/schema';
import type { TriggerRow } from '../../db/schema';
import type { TxContext } from '../../db/tx';
import { recordAudit } from '../audit/audit.service';
import { requireMember } from '../orgs/membership';
import { recordChange } from '../sync/change-log';
import { nextFireTime, validateSchedule } from './schedule';
import type { Schedule } from './schedule';
import { triggerColumns, triggerSyncView } from './trigger-views';
import { newWebhookSecret } from './webhook-signature';

// Trigger administration: list (triggers.read), create, edit, delete and rotate a webhook secret
// (triggers.manage). Each change writes the trigger to the change log and an audit event in the
// caller's transaction. The webhook secret leaves the server only in the create and rotate answers.

export const triggerNotFound = () => new AppError('not_found', 'Trigger not found');

/** The trigger row (never its secret), locked until commit when `lock` is set; null when missing. */
export async function findTrigger(c: TxContext, orgId: string, triggerId: string, lock = false) {
  const query = c.tx
    .select(triggerColumns)
    .from(triggers)
    .where(and(eq(triggers.orgId, orgId), eq(triggers.id, triggerId)));
  const [row] = lock ? await query.for('update') : await query;
  return row ?? null;
}

/** What the audit log keeps of a trigger: never the secret. */
const triggerFacts = (t: Pick<TriggerRow, 'name' | 'kind' | 'botId' | 'cron' | 'timeZone' | 'enabled'>) => ({
  name: t.name,
  kind: t.kind,
  botId: t.botId,
  cron: t.cron,
  timeZone: t.timeZone,
  enabled: t.enabled,
});

/** When an enabled schedule fires next; null for a disabled trigger and every other kind. */
function nextFireOf(schedule: Schedule | null, enabled: boolean, now: Date): Date | null {
  return schedule && enabled ? nextFireTime(schedule, now) : null;
}

/** The org's triggers, by name. */
export async function listTriggers(c: TxContext, orgId: string): Promise<Trigger[]> {
  await requireMember(c, orgId, 'triggers.read');
  const rows = await c.tx
    .select(triggerColumns)
    .from(triggers)
    .where(eq(triggers.orgId, orgId))
    .orderBy(asc(triggers.name), asc(triggers.id));
  return rows.map(triggerSyncView);
}

/** The schedule a create body describes: required for schedules, refused for other kinds. */
function scheduleOfBody(body: CreateTriggerBody, now: Date): Schedule | null {
  if (body.kind !== 'schedule') {
    if (body.cron !== undefined || body.timeZone !== undefined) {
      throw new AppError('validation_failed', 'Only schedule triggers take a cron and a time zone');
    }
    return null;
  }
  if (!body.cron) throw new AppError('validation_failed', 'A schedule trigger needs a cron, e.g. "0 9 * * 1-5"');
  return validateSchedule({ cron: body.cron, timeZone: body.timeZone ?? 'UTC' }, now);
}

/** Creates a trigger of a bot of the org; a webhook trigger's new secret is in the answer, this once. */
export async function createTrigger(
  c: TxContext,
  orgId: string,
  body: CreateTriggerBody,
  now: Date,
): Promise<TriggerWithSecret> {
  const actor = await requireMember(c, orgId, 'triggers.manage');
  const schedule = scheduleOfBody(body, now);
  const [bot] = await c.tx
    .select({ id: bots.id })
    .from(bots)
    .where(and(eq(bots.orgId, orgId), eq(bots.id, body.botId)));
  if (!bot) throw new AppError('not_found', 'Bot not found');
  const enabled = body.enabled ?? true;
  const secret = body.kind === 'webhook' ? newWebhookSecret() : null;
  const [row] = await c.tx
    .insert(triggers)
    .values({
      orgId,
      id: uuidv7(),
      botId: bot.id,
      name: body.name,
      kind: body.kind,
      cron: schedule?.cron ?? null,
      timeZone: schedule?.timeZone ?? null,
      enabled,
      nextFireAt: nextFireOf(schedule, enabled, now),
      webhookSecret: secret,
      secretRotatedAt: secret ? now : null,
      createdAt: now,
      updatedAt: now,
    })
    .returning(triggerColumns);
  assert(row, 'the trigger was inserted');
  const view = triggerSyncView(row);
  await recordChange(c, { orgId, entity: 'trigger', entityId: row.id, op: 'upsert', data: view });
  await recordAudit(c, {
    orgId,
    actor: actor.userId,
    action: 'trigger.created',
    targetType: 'trigger',
    targetId: row.id,
    targetLabel: row.name,
    before: null,
    after: triggerFacts(row),
  });
  return { trigger: view, secret };
}

/** The schedule after a patch; null for kinds without one (which refuse cron and zone changes). */
function scheduleAfter(current: TriggerRow, patch: TriggerPatch, now: Date): Schedule | null {
  const touches = patch.cron !== undefined || patch.timeZone !== undefined;
  if (current.kind !== 'schedule') {
    if (touches) throw new AppError('validation_failed', 'Only schedule triggers take a cron and a time zone');
    return null;
  }
  const schedule = { cron: patch.cron ?? current.cron ?? '', timeZone: patch.timeZone ?? current.timeZone ?? 'UTC' };
  return touches ? validateSchedule(schedule, now) : schedule;
}

/**
 * Edits a trigger's name, schedule or enabled flag. A changed schedule, or enabling, moves the next
 * fire time to the first slot after now (slots missed while disabled never fire); disabling clears it.
 */
export async function updateTrigger(
  c: TxContext,
  orgId: string,
  triggerId: string,
  patch: TriggerPatch,
  now: Date,
): Promise<Trigger> {
  const actor = await requireMember(c, orgId, 'triggers.manage');
  const current = await findTrigger(c, orgId, triggerId, true);
  if (!current) throw triggerNotFound();
  const schedule = scheduleAfter(current, patch, now);
  const enabled = patch.enabled ?? current.enabled;
  const timingChanged =
    schedule?.cron !== (current.cron ?? undefined) ||
    schedule?.timeZone !== (current.timeZone ?? undefined) ||
    enabled !== current.enabled;
  const [row] = await c.tx
    .update(triggers)
    .set({
      name: patch.name ?? current.name,
      cron: schedule?.cron ?? null,
      timeZone: schedule?.timeZone ?? null,
      enabled,
      ...(timingChanged ? { nextFireAt: nextFireOf(schedule, enabled, now) } : {}),
      updatedAt: now,
    })
    .where(and(eq(triggers.orgId, orgId), eq(triggers.id, triggerId)))
    .returning(triggerColumns);
  assert(row, 'the trigger was updated');
  const view = triggerSyncView(row);
  await recordChange(c, { orgId, entity: 'trigger', entityId: row.id, op: 'upsert', data: view });
  await recordAudit(c, {
    orgId,
    actor: actor.userId,
    action: 'trigger.updated',
    targetType: 'trigger',
    targetId: row.id,
    targetLabel: row.name,
    before: triggerFacts(current),
    after: triggerFacts(row),
  });
  return view;
}

/** Deletes a trigger; the runs it started stay in the history. */
export async function deleteTrigger(c: TxContext, orgId: string, triggerId: string): Promise<void> {
  const actor = await requireMember(c, orgId, 'triggers.manage');
  const current = await findTrigger(c, orgId, triggerId, true);
  if (!current) throw triggerNotFound();
  await c.tx.delete(triggers).where(and(eq(triggers.orgId, orgId), eq(triggers.id, triggerId)));
  await c.tx.delete(triggerFires).where(and(eq(triggerFires.orgId, orgId), eq(triggerFires.triggerId, triggerId)));
  await recordChange(c, { orgId, entity: 'trigger', entityId: triggerId, op: 'delete', data: null });
  await recordAudit(c, {
    orgId,
    actor: actor.userId,
    action: 'trigger.deleted',
    targetType: 'trigger',
    targetId: triggerId,
    targetLabel: current.name,
    before: triggerFacts(current),
    after: null,
  });
}

/** Replaces a webhook trigger's secret: the old one stops verifying at once; the new one is answered this once. */
export async function rotateTriggerSecret(
  c: TxContext,
  orgId: string,
  triggerId: string,
  now: Date,
): Promise<TriggerWithSecret> {
  const actor = await requireMember(c, orgId, 'triggers.manage');
  const current = await findTrigger(c, orgId, triggerId, true);
  if (!current) throw triggerNotFound();
  if (current.kind !== 'webhook') {
    throw new AppError(
      'validation_failed',
      `${current.name} is a ${current.kind} trigger; only webhooks have a secret`,
    );
  }
  const secret = newWebhookSecret();
  const [row] = await c.tx
    .update(triggers)
    .set({ webhookSecret: secret, secretRotatedAt: now, updatedAt: now })
    .where(and(eq(triggers.orgId, orgId), eq(triggers.id, triggerId)))
    .returning(triggerColumns);
  assert(row, 'the trigger secret was rotated');
  const view = triggerSyncView(row);
  await recordChange(c, { orgId, entity: 'trigger', entityId: row.id, op: 'upsert', data: view });
  await recordAudit(c, {
    orgId,
    actor: actor.userId,
    action: 'trigger.secret_rotated',
    targetType: 'trigger',
    targetId: row.id,
    targetLabel: row.name,
    before: { secretRotatedAt: current.secretRotatedAt?.toISOString() ?? null },
    after: { secretRotatedAt: view.secretRotatedAt },
  });
  return { trigger: view, secret };
}
