import { and, eq, inArray, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { AppError } from '@shared/errors';
import type { Runner } from '@shared/schemas/automation';
import { bots, runners } from '../../db/schema';
import type { RunnerRow } from '../../db/schema';
import { rowMapper } from '../../db/raw-rows';
import { queryRows } from '../../db/tx';
import type { TxContext } from '../../db/tx';
import type { ApiKeyPrincipal } from '../api-keys/api-key-auth';
import { refreshBotStatuses } from '../bots/bot-status';
import { runnerSyncView } from '../bots/bot-views';
import { botIdsOf } from '../bots/bots.service';
import { recordBot } from '../runs/run-store';
import { recordChange } from '../sync/change-log';
import type { SignalNotice } from '../sync/live-hub';

/** What the runner services need besides the transaction: the server clock and the live stream. */
export type RunnerDeps = { now: Date; publish: (signal: SignalNotice) => Promise<void> };

/** A runner whose heartbeats stop for this long is marked offline by the sweeper. */
export const runnerStaleMs = 60_000;

/** The heartbeat's answer: the runner as stored and every bot of the org (a runner may serve any). */
export type HeartbeatAnswer = { runner: Runner; botIds: string[] };

const runnerRowFrom: (raw: Record<string, unknown>) => RunnerRow = rowMapper(runners);

/** The org's runner of that key (a template, not the builder: every run start reads it; see raw-rows.ts). */
async function runnerByKey(c: TxContext, orgId: string, runnerKey: string, lock: boolean): Promise<RunnerRow | null> {
  const locking = lock ? sql` FOR UPDATE` : sql``;
  const [raw] = await queryRows(
    c.tx,
    sql`SELECT * FROM runners WHERE org_id = ${orgId} AND runner_key = ${runnerKey}${locking}`,
  );
  return raw ? runnerRowFrom(raw) : null;
}

/** The declared bots that exist in the org, sorted and without repeats (a deleted bot is dropped). */
async function existingBotIds(c: TxContext, orgId: string, botIds: readonly string[]): Promise<string[]> {
  if (botIds.length === 0) return [];
  const rows = await c.tx
    .select({ id: bots.id })
    .from(bots)
    .where(and(eq(bots.orgId, orgId), inArray(bots.id, [...new Set(botIds)])));
  return rows.map((r) => r.id).sort();
}

const sameIds = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((id, i) => id === [...b].sort()[i]);

/**
 * Records a heartbeat: upserts the runner (by org and runner key), marks it online with the bots it
 * declares. A new runner, a return from offline or a different set of bots is a change (logged, and
 * the bots' statuses re-derived: offline → idle); an unchanged heartbeat is only a live signal.
 */
export async function recordHeartbeat(
  c: TxContext,
  principal: ApiKeyPrincipal,
  body: { runnerId: string; botIds: readonly string[] },
  deps: RunnerDeps,
): Promise<HeartbeatAnswer> {
  const { orgId } = principal;
  const botIds = await existingBotIds(c, orgId, body.botIds);
  const before = await lockOrCreateRunner(c, principal, body.runnerId, botIds, deps.now);
  const [row] = await c.tx
    .update(runners)
    .set({ status: 'online', botIds, lastHeartbeatAt: deps.now, apiKeyId: principal.apiKeyId })
    .where(and(eq(runners.orgId, orgId), eq(runners.id, before.row.id)))
    .returning();
  if (!row) throw new AppError('internal', 'The runner could not be recorded');
  const changed = before.created || before.row.status !== 'online' || !sameIds(before.row.botIds, botIds);
  if (changed) {
    const affected = [...new Set([...before.row.botIds, ...botIds])];
    const changedBots = await refreshBotStatuses(c, orgId, affected, deps.now);
    const view = runnerSyncView(row);
    await recordChange(c, { orgId, entity: 'runner', entityId: row.id, op: 'upsert', data: view });
    for (const bot of changedBots) await recordBot(c, bot);
  } else {
    const signal: SignalNotice = {
      orgId,
      name: 'runner.heartbeat',
      data: { runnerId: row.id, at: deps.now.toISOString() },
      permission: 'bots.read',
    };
    c.afterCommit(() => deps.publish(signal));
  }
  return { runner: runnerSyncView(row), botIds: await botIdsOf(c, orgId) };
}

/** The runner row locked for this heartbeat, inserted first when the key is new (a race inserts once). */
async function lockOrCreateRunner(
  c: TxContext,
  principal: ApiKeyPrincipal,
  runnerKey: string,
  botIds: string[],
  now: Date,
): Promise<{ row: RunnerRow; created: boolean }> {
  const existing = await runnerByKey(c, principal.orgId, runnerKey, true);
  if (existing) return { row: existing, created: false };
  const [inserted] = await c.tx
    .insert(runners)
    .values({
      orgId: principal.orgId,
      id: uuidv7(),
      runnerKey,
      apiKeyId: principal.apiKeyId,
      botIds,
      status: 'online',
      lastHeartbeatAt: now,
      createdAt: now,
    })
    .onConflictDoNothing({ target: [runners.orgId, runners.runnerKey] })
    .returning();
  if (inserted) return { row: inserted, created: true };
  const raced = await runnerByKey(c, principal.orgId, runnerKey, true);
  if (!raced) throw new AppError('internal', 'The runner could not be recorded');
  return { row: raced, created: false };
}

/**
 * The runner a claim or report names, online: one that never sent a heartbeat, or was marked
 * offline, is recorded as if it had just sent one declaring `botIds`.
 */
export async function onlineRunner(
  c: TxContext,
  principal: ApiKeyPrincipal,
  runnerKey: string,
  botIds: readonly string[],
  deps: RunnerDeps,
): Promise<RunnerRow> {
  const row = await runnerByKey(c, principal.orgId, runnerKey, false);
  if (row && row.status === 'online') return row;
  await recordHeartbeat(c, principal, { runnerId: runnerKey, botIds: row ? [...row.botIds, ...botIds] : botIds }, deps);
  const fresh = await runnerByKey(c, principal.orgId, runnerKey, false);
  if (!fresh) throw new AppError('internal', 'The runner could not be recorded');
  return fresh;
}
