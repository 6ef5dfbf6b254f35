import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { bots, runners, runs } from '../../db/schema';
import type { RunRow } from '../../db/schema';
import { queryRows, withTx } from '../../db/tx';
import type { TxContext } from '../../db/tx';
import { runnerSyncView } from '../bots/bot-views';
import { refreshBotStatuses } from '../bots/bot-status';
import { recordBot, recordRun } from '../runs/run-store';
import { finishRun } from '../runs/runs.service';
import { recordChange } from '../sync/change-log';
import { runnerStaleMs } from './runner-presence';

/** How often each server process sweeps; several processes sweeping at once is harmless. */
export const sweepEveryMs = 10_000;

/** What a sweep changed, across orgs. */
export type SweepResult = { runnersOffline: number; runsRequeued: number; runsFailed: number };

/**
 * The runner sweeper, a background job: runners without a heartbeat for 60 s go offline, and so do
 * their bots unless another online runner serves them. Leases that expired: a claimed run the runner
 * never reported running goes back to the queue for any runner; a running run fails with "Runner
 * stopped responding" and is not charged — its work may have had effects, so it is not re-run behind
 * anyone's back (a person can retry it). Finds the orgs through a SECURITY DEFINER function, then
 * sweeps each in its own transaction scoped to it under row-level security.
 */
export async function sweepRunners(database: Database, now: Date): Promise<SweepResult> {
  const staleBefore = new Date(now.getTime() - runnerStaleMs);
  const orgs = await withTx(database, { userId: null, orgId: null }, (c) =>
    queryRows<{ org_id: string }>(
      c.tx,
      sql`SELECT org_id FROM botdesk_runner_sweep_orgs(${staleBefore.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)`,
    ),
  );
  const total: SweepResult = { runnersOffline: 0, runsRequeued: 0, runsFailed: 0 };
  for (const { org_id: orgId } of orgs) {
    const result = await withTx(database, { userId: null, orgId }, (c) => sweepOrg(c, orgId, staleBefore, now));
    total.runnersOffline += result.runnersOffline;
    total.runsRequeued += result.runsRequeued;
    total.runsFailed += result.runsFailed;
  }
  return total;
}

async function lockBots(c: TxContext, orgId: string, botIds: string[]): Promise<void> {
  if (botIds.length === 0) return;
  await c.tx
    .select({ id: bots.id })
    .from(bots)
    .where(and(eq(bots.orgId, orgId), inArray(bots.id, botIds)))
    .orderBy(bots.id)
    .for('update');
}

// Writer order as everywhere: runner rows, then bots (in id order), then runs, then the change log.
async function sweepOrg(c: TxContext, orgId: string, staleBefore: Date, now: Date): Promise<SweepResult> {
  const offline = await c.tx
    .update(runners)
    .set({ status: 'offline' })
    .where(and(eq(runners.orgId, orgId), eq(runners.status, 'online'), lt(runners.lastHeartbeatAt, staleBefore)))
    .returning();
  const expiredBots = await c.tx
    .selectDistinct({ botId: runs.botId })
    .from(runs)
    .where(and(eq(runs.orgId, orgId), inArray(runs.status, ['queued', 'running']), lt(runs.leaseExpiresAt, now)));
  const botIds = [...new Set([...offline.flatMap((r) => r.botIds), ...expiredBots.map((r) => r.botId)])];
  await lockBots(c, orgId, botIds);
  // Re-checked under the lock: a report may have renewed a lease meanwhile.
  const expired = await c.tx
    .select()
    .from(runs)
    .where(and(eq(runs.orgId, orgId), inArray(runs.status, ['queued', 'running']), lt(runs.leaseExpiresAt, now)))
    .for('update');
  const requeued: RunRow[] = [];
  for (const run of expired.filter((r) => r.status === 'queued')) {
    const [row] = await c.tx
      .update(runs)
      .set({ runnerId: null, leaseExpiresAt: null })
      .where(and(eq(runs.orgId, orgId), eq(runs.id, run.id)))
      .returning();
    if (row) requeued.push(row);
  }
  const changedBots = await refreshBotStatuses(c, orgId, botIds, now);
  for (const runner of offline) {
    const view = runnerSyncView(runner);
    await recordChange(c, { orgId, entity: 'runner', entityId: runner.id, op: 'upsert', data: view });
  }
  for (const row of requeued) await recordRun(c, row);
  for (const bot of changedBots) await recordBot(c, bot);
  const failing = expired.filter((r) => r.status === 'running');
  for (const run of failing) {
    const [bot] = await c.tx
      .select()
      .from(bots)
      .where(and(eq(bots.orgId, orgId), eq(bots.id, run.botId)));
    const outcome = { status: 'failed' as const, error: 'Runner stopped responding', charge: false };
    await finishRun(c, { run, bot: bot ?? null }, outcome, now);
  }
  return { runnersOffline: offline.length, runsRequeued: requeued.length, runsFailed: failing.length };
}
