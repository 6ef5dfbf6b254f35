import { and, asc, count, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { AppError } from '@shared/errors';
import { can } from '@shared/permissions';
import type { Permission } from '@shared/permissions';
import { planOf } from '@shared/plans';
import type { Bot, BotPatch, CreateBotBody, Run } from '@shared/schemas/automation';
import { bots, organizations, runs, triggers, users } from '../../db/schema';
import type { BotRow } from '../../db/schema';
import type { TxContext } from '../../db/tx';
import { recordAudit } from '../audit/audit.service';
import { requireMember } from '../orgs/membership';
import type { MemberGrant } from '../orgs/membership';
import { recordChange } from '../sync/change-log';
import { queueRun } from '../runs/queue-run';
import { botNotFound, lockBot, recordBot, recordRun, writeBot } from '../runs/run-store';
import { refreshBotStatuses } from './bot-status';
import { botSyncView } from './bot-views';

/** The name a member goes by in run history and cancel reasons. */
export async function userName(c: TxContext, userId: string): Promise<string> {
  const [row] = await c.tx.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return row?.name ?? 'A former member';
}

/** Every bot of the org in name order (bots.read). */
export async function listBots(c: TxContext, orgId: string): Promise<Bot[]> {
  await requireMember(c, orgId, 'bots.read');
  const rows = await c.tx.select().from(bots).where(eq(bots.orgId, orgId)).orderBy(asc(bots.name), asc(bots.id));
  return rows.map(botSyncView);
}

export async function getBot(c: TxContext, orgId: string, botId: string): Promise<Bot> {
  await requireMember(c, orgId, 'bots.read');
  const [row] = await c.tx
    .select()
    .from(bots)
    .where(and(eq(bots.orgId, orgId), eq(bots.id, botId)));
  if (!row) throw botNotFound();
  return botSyncView(row);
}

/** The plan's bot limit; the org row lock makes concurrent creators count each other. */
async function requireBotSlot(c: TxContext, orgId: string): Promise<void> {
  const [org] = await c.tx
    .select({ plan: organizations.plan })
    .from(organizations)
    .where(eq(organizations.id, orgId))
    .for('update');
  const plan = planOf(org?.plan ?? 'free');
  if (plan.bots === null) return;
  const [row] = await c.tx.select({ n: count() }).from(bots).where(eq(bots.orgId, orgId));
  const used = row?.n ?? 0;
  if (used >= plan.bots) {
    throw new AppError(
      'limit_reached',
      `The ${plan.name} plan includes ${plan.bots} bots and all ${used} are in use; delete a bot or upgrade the plan`,
    );
  }
}

const pricingFacts = (row: BotRow) => ({
  name: row.name,
  description: row.description,
  creditsPerRun: row.creditsPerRun,
  creditsPerMinute: row.creditsPerMinute,
  steps: row.steps.length,
});

/** Creates a bot (bots.manage) within the plan's limit; offline until a runner declares it. */
export async function createBot(c: TxContext, orgId: string, body: CreateBotBody, now: Date): Promise<Bot> {
  const actor = await requireMember(c, orgId, 'bots.manage');
  await requireBotSlot(c, orgId);
  const [row] = await c.tx
    .insert(bots)
    .values({
      orgId,
      id: uuidv7(),
      name: body.name,
      description: body.description ?? '',
      creditsPerRun: body.creditsPerRun ?? 1,
      creditsPerMinute: body.creditsPerMinute ?? 0,
      steps: body.steps ?? [],
      status: 'offline',
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new AppError('internal', 'The bot could not be created');
  await recordBot(c, row);
  await recordAudit(c, {
    orgId,
    actor: actor.userId,
    action: 'bot.created',
    targetType: 'bot',
    targetId: row.id,
    targetLabel: row.name,
    before: null,
    after: pricingFacts(row),
  });
  return botSyncView(row);
}

/** `enabled` needs bots.toggle, every other field bots.manage; a patch of both needs both. */
async function requirePatchGrant(c: TxContext, orgId: string, patch: BotPatch): Promise<MemberGrant> {
  const needs: Permission[] = [];
  if (patch.enabled !== undefined) needs.push('bots.toggle');
  if (Object.keys(patch).some((k) => k !== 'enabled')) needs.push('bots.manage');
  const actor = await requireMember(c, orgId, needs[0] ?? 'bots.manage');
  for (const permission of needs.slice(1)) {
    if (!can(actor, permission)) throw new AppError('forbidden', `Your role does not allow this (needs ${permission})`);
  }
  return actor;
}

/**
 * Changes a bot. Disabling cancels its queued runs ("Cancelled: the bot was disabled") and marks it
 * disabled; enabling derives its status from its runners. Runs in progress finish.
 */
export async function updateBot(c: TxContext, orgId: string, botId: string, patch: BotPatch, now: Date): Promise<Bot> {
  const actor = await requirePatchGrant(c, orgId, patch);
  const before = await lockBot(c, orgId, botId);
  if (!before) throw botNotFound();
  const { enabled, ...fields } = patch;
  const toggled = enabled !== undefined && enabled !== before.enabled;
  const edited = Object.entries(fields).some(
    ([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k as keyof typeof fields]),
  );
  if (!toggled && !edited) return botSyncView(before);

  let row = await writeBot(c, orgId, botId, {
    ...fields,
    ...(toggled ? { enabled, status: enabled ? before.status : 'disabled' } : {}),
    updatedAt: now,
  });
  const cancelled = toggled && !enabled ? await cancelQueuedRuns(c, orgId, botId, 'the bot was disabled', now) : [];
  if (toggled && enabled) row = (await refreshBotStatuses(c, orgId, [botId], now))[0] ?? row;
  for (const run of cancelled) await recordRun(c, run);
  await recordBot(c, row);

  const audit = { orgId, actor: actor.userId, targetType: 'bot', targetId: botId, targetLabel: row.name };
  if (edited) {
    await recordAudit(c, { ...audit, action: 'bot.updated', before: pricingFacts(before), after: pricingFacts(row) });
  }
  if (toggled) {
    const action = enabled ? 'bot.enabled' : 'bot.disabled';
    const after = { enabled, ...(cancelled.length ? { cancelledRuns: cancelled.length } : {}) };
    await recordAudit(c, { ...audit, action, before: { enabled: before.enabled }, after });
  }
  return botSyncView(row);
}

/** Cancels the bot's queued runs (claimed or not) with the reason; answers them for the caller to record. */
async function cancelQueuedRuns(c: TxContext, orgId: string, botId: string, reason: string, now: Date) {
  return c.tx
    .update(runs)
    .set({ status: 'cancelled', error: `Cancelled: ${reason}`, finishedAt: now, leaseExpiresAt: null })
    .where(and(eq(runs.orgId, orgId), eq(runs.botId, botId), eq(runs.status, 'queued')))
    .returning();
}

/**
 * Deletes a bot (bots.manage) and its triggers; its queued runs are cancelled, its history stays
 * (runs keep the bot's name).
 */
export async function deleteBot(c: TxContext, orgId: string, botId: string, now: Date): Promise<void> {
  const actor = await requireMember(c, orgId, 'bots.manage');
  const bot = await lockBot(c, orgId, botId);
  if (!bot) throw botNotFound();
  const cancelled = await cancelQueuedRuns(c, orgId, botId, 'the bot was deleted', now);
  const gone = await c.tx
    .delete(triggers)
    .where(and(eq(triggers.orgId, orgId), eq(triggers.botId, botId)))
    .returning({ id: triggers.id });
  await c.tx.delete(bots).where(and(eq(bots.orgId, orgId), eq(bots.id, botId)));
  for (const run of cancelled) await recordRun(c, run);
  for (const t of gone) await recordChange(c, { orgId, entity: 'trigger', entityId: t.id, op: 'delete', data: null });
  await recordChange(c, { orgId, entity: 'bot', entityId: botId, op: 'delete', data: null });
  await recordAudit(c, {
    orgId,
    actor: actor.userId,
    action: 'bot.deleted',
    targetType: 'bot',
    targetId: botId,
    targetLabel: bot.name,
    before: pricingFacts(bot),
    after: null,
  });
}

/** Run now (runs.execute): queues a run started by the caller. */
export async function runBotNow(c: TxContext, orgId: string, botId: string, now: Date): Promise<Run> {
  const actor = await requireMember(c, orgId, 'runs.execute');
  const startedBy = await userName(c, actor.userId);
  return (await queueRun(c, orgId, { botId, actorId: actor.userId, startedBy }, now)).run;
}

/** The org's bot ids (for runners that serve every bot). */
export async function botIdsOf(c: TxContext, orgId: string): Promise<string[]> {
  const rows = await c.tx.select({ id: bots.id }).from(bots).where(eq(bots.orgId, orgId)).orderBy(asc(bots.id));
  return rows.map((r) => r.id);
}
