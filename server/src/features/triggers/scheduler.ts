import { and, eq, lte, sql } from 'drizzle-orm';
import { AppError } from '@shared/errors';
import type { Database } from '../../db/client';
import { triggerFires, triggers } from '../../db/schema';
import { queryRows, withTx } from '../../db/tx';
import type { TxContext } from '../../db/tx';
import { queueRun } from '../runs/queue-run';
import { recordChange } from '../sync/change-log';
import { planFire } from './schedule';
import { triggerColumns, triggerSyncView } from './trigger-views';

// The schedule job. Every server process runs it; state lives in the database (next_fire_at, and a
// trigger_fires row per slot), so it survives restarts and two processes never fire one slot twice:
// the trigger row is locked (others skip it) and the slot's primary key admits one inserter.

/** How often each server process looks for due schedules. */
export const schedulerEveryMs = 5_000;
/** Due triggers handled per pass; the rest wait for the next pass. */
const batchSize = 200;

/** What one due trigger came to. */
export type FireOutcome =
  | { kind: 'fired'; slot: Date; runId: string }
  | { kind: 'skipped'; slot: Date; reason: 'bot_disabled' | 'already_fired' }
  | { kind: 'expired'; skipped: number }
  | { kind: 'not_due' };

type DueTrigger = { org_id: string; trigger_id: string };

/** The enabled schedule triggers of every org whose next fire time has passed (ids only). */
async function dueTriggers(database: Database, now: Date): Promise<DueTrigger[]> {
  return withTx(database, { userId: null, orgId: null }, (c) =>
    queryRows<DueTrigger>(
      c.tx,
      sql`SELECT org_id, trigger_id FROM botdesk_due_triggers(${now.toISOString()}::timestamptz, ${batchSize})`,
    ),
  );
}

/**
 * One pass of the scheduler at `now`: fires the due slot of every due trigger, each in its own
 * transaction scoped to the trigger's org. A failure of one trigger is logged and does not stop the others.
 */
export async function runSchedulerPass(
  database: Database,
  now: Date,
  onError: (error: unknown, triggerId: string) => void = () => {},
): Promise<FireOutcome[]> {
  const outcomes: FireOutcome[] = [];
  for (const due of await dueTriggers(database, now)) {
    try {
      outcomes.push(
        await withTx(database, { userId: null, orgId: due.org_id }, (c) =>
          fireDueTrigger(c, due.org_id, due.trigger_id, now),
        ),
      );
    } catch (error) {
      onError(error, due.trigger_id);
    }
  }
  return outcomes;
}

/** The trigger if it is still due at `now`, locked; null when another process holds it or it moved on. */
async function lockDue(c: TxContext, orgId: string, triggerId: string, now: Date) {
  const [row] = await c.tx
    .select(triggerColumns)
    .from(triggers)
    .where(
      and(
        eq(triggers.orgId, orgId),
        eq(triggers.id, triggerId),
        eq(triggers.kind, 'schedule'),
        eq(triggers.enabled, true),
        lte(triggers.nextFireAt, now),
      ),
    )
    .for('update', { skipLocked: true });
  return row ?? null;
}

/** Claims a slot; false when it was claimed already (by another process, or before a restart). */
async function claimSlot(c: TxContext, orgId: string, triggerId: string, slot: Date): Promise<boolean> {
  const claimed = await c.tx
    .insert(triggerFires)
    .values({ orgId, triggerId, slot, runId: null })
    .onConflictDoNothing()
    .returning({ slot: triggerFires.slot });
  return claimed.length === 1;
}

/** Queues the slot's run; null when the bot is disabled (the slot is then recorded as skipped). */
async function queueSlotRun(
  c: TxContext,
  orgId: string,
  trigger: { id: string; botId: string; name: string },
  slot: Date,
  now: Date,
): Promise<string | null> {
  try {
    // A savepoint: a refused run must leave the claim and the schedule update standing.
    const { run } = await c.tx.transaction((tx) =>
      queueRun(
        { ...c, tx },
        orgId,
        {
          botId: trigger.botId,
          triggerId: trigger.id,
          actorId: null,
          startedBy: trigger.name,
          idempotencyKey: `trigger:${trigger.id}:${slot.toISOString()}`,
        },
        now,
      ),
    );
    await c.tx
      .update(triggerFires)
      .set({ runId: run.id })
      .where(and(eq(triggerFires.orgId, orgId), eq(triggerFires.triggerId, trigger.id), eq(triggerFires.slot, slot)));
    return run.id;
  } catch (error) {
    if (error instanceof AppError && error.code === 'conflict') return null;
    throw error;
  }
}

/**
 * Fires one due trigger by the missed-slot policy (see planFire): the most recent due slot fires
 * once if it is at most an hour old, older ones are skipped; then the next fire time moves to the
 * first slot after now and the trigger goes to the change log.
 */
export async function fireDueTrigger(c: TxContext, orgId: string, triggerId: string, now: Date): Promise<FireOutcome> {
  const trigger = await lockDue(c, orgId, triggerId, now);
  if (!trigger?.cron || !trigger.timeZone || !trigger.nextFireAt) return { kind: 'not_due' };
  const plan = planFire({ cron: trigger.cron, timeZone: trigger.timeZone }, trigger.nextFireAt, now);
  let outcome: FireOutcome = { kind: 'expired', skipped: plan.skipped };
  if (plan.slot) {
    const runId = (await claimSlot(c, orgId, trigger.id, plan.slot))
      ? await queueSlotRun(c, orgId, trigger, plan.slot, now)
      : undefined;
    outcome =
      runId === undefined
        ? { kind: 'skipped', slot: plan.slot, reason: 'already_fired' }
        : runId === null
          ? { kind: 'skipped', slot: plan.slot, reason: 'bot_disabled' }
          : { kind: 'fired', slot: plan.slot, runId };
  }
  const [row] = await c.tx
    .update(triggers)
    .set({
      nextFireAt: plan.nextFireAt,
      ...(outcome.kind === 'fired' ? { lastFiredAt: now } : {}),
      updatedAt: now,
    })
    .where(and(eq(triggers.orgId, orgId), eq(triggers.id, trigger.id)))
    .returning(triggerColumns);
  if (row)
    await recordChange(c, { orgId, entity: 'trigger', entityId: row.id, op: 'upsert', data: triggerSyncView(row) });
  return outcome;
}
