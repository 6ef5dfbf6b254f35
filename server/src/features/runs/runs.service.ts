import { and, desc, eq, gte, lt, lte, or, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { AppError } from '@shared/errors';
import type { Run, RunsPage, RunsQuery } from '@shared/schemas/automation';
import { runs } from '../../db/schema';
import type { BotRow, RunRow } from '../../db/schema';
import { queryRows } from '../../db/tx';
import type { TxContext } from '../../db/tx';
import { userName } from '../bots/bots.service';
import { requireMember } from '../orgs/membership';
import { measuredMs, runCredits } from './credits';
import { queueRun } from './queue-run';
import { botRowFrom, findRun, runAndBotChanges, runNotFound, runRowFrom, updateRunAndBot } from './run-store';
import { recordChanges } from '../sync/change-log';
import { runSyncView } from './run-views';
import { debitRunCredits } from '../credits/debit';

/** A LIKE pattern matching `text` anywhere, its wildcards taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/**
 * A page of the org's run history, newest first (runs.read): ids are UUIDv7, so id order is queue
 * order and the cursor is the last id of the previous page. `q` matches error and log, ignoring case.
 */
export async function listRuns(c: TxContext, orgId: string, query: RunsQuery): Promise<RunsPage> {
  await requireMember(c, orgId, 'runs.read');
  const where: (SQL | undefined)[] = [eq(runs.orgId, orgId)];
  if (query.botId) where.push(eq(runs.botId, query.botId));
  if (query.status) where.push(eq(runs.status, query.status));
  if (query.from) where.push(gte(runs.queuedAt, new Date(query.from)));
  if (query.to) where.push(lte(runs.queuedAt, new Date(query.to)));
  if (query.cursor) where.push(lt(runs.id, query.cursor));
  if (query.q) {
    const pattern = containsPattern(query.q);
    where.push(or(sql`${runs.error} ILIKE ${pattern} ESCAPE '\\'`, sql`${runs.log} ILIKE ${pattern} ESCAPE '\\'`));
  }
  const rows = await c.tx
    .select()
    .from(runs)
    .where(and(...where))
    .orderBy(desc(runs.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const nextCursor = rows.length > query.limit ? (page.at(-1)?.id ?? null) : null;
  return { runs: page.map(runSyncView), nextCursor };
}

export async function getRun(c: TxContext, orgId: string, runId: string): Promise<Run> {
  await requireMember(c, orgId, 'runs.read');
  const row = await findRun(c, orgId, runId);
  if (!row) throw runNotFound();
  return runSyncView(row);
}

const isFinished = (row: RunRow) => row.status !== 'queued' && row.status !== 'running';

/**
 * The run and its bot locked in writer order (bot first: PostgreSQL locks in the order of the
 * locking clause), in one statement; the bot is null once deleted. With `runnerKey`, also the id of
 * the org's runner of that key (null when unknown), read with the run.
 */
export async function lockRunWithBot(
  c: TxContext,
  orgId: string,
  runId: string,
  runnerKey?: string,
): Promise<{ run: RunRow; bot: BotRow | null; runnerId: string | null }> {
  const named = runnerKey
    ? sql`(SELECT id FROM runners WHERE org_id = ${orgId} AND runner_key = ${runnerKey})`
    : sql`NULL::uuid`;
  const [both] = await queryRows<{
    run: Record<string, unknown>;
    bot: Record<string, unknown>;
    runner_id: string | null;
  }>(
    c.tx,
    sql`SELECT row_to_json(r) AS run, row_to_json(b) AS bot, ${named} AS runner_id
      FROM runs r JOIN bots b ON b.org_id = r.org_id AND b.id = r.bot_id
      WHERE r.org_id = ${orgId} AND r.id = ${runId}
      FOR UPDATE OF b, r`,
  );
  if (both) return { run: runRowFrom(both.run), bot: botRowFrom(both.bot), runnerId: both.runner_id };
  // No such run, or its bot was deleted: the run alone.
  const [alone] = await queryRows<{ run: Record<string, unknown>; runner_id: string | null }>(
    c.tx,
    sql`SELECT row_to_json(r) AS run, ${named} AS runner_id FROM runs r
      WHERE r.org_id = ${orgId} AND r.id = ${runId} FOR UPDATE OF r`,
  );
  if (!alone) throw runNotFound();
  return { run: runRowFrom(alone.run), bot: null, runnerId: alone.runner_id };
}

/**
 * Ends a run as finished by the server or a runner: status, finish time, measured duration and the
 * credits the bot's pricing gives for it; the bot's last run and status follow. Records the changes.
 */
export async function finishRun(
  c: TxContext,
  locked: { run: RunRow; bot: BotRow | null },
  outcome: Pick<RunRow, 'status' | 'error'> & Partial<Pick<RunRow, 'log' | 'data'>> & { charge: boolean },
  now: Date,
): Promise<Run> {
  const { run, bot } = locked;
  const durationMs = run.startedAt ? measuredMs(run.startedAt, now) : null;
  const credits = outcome.charge && bot && durationMs !== null ? runCredits(bot, durationMs) : 0;
  const set = {
    status: outcome.status,
    error: outcome.error,
    ...(outcome.log !== undefined ? { log: outcome.log } : {}),
    ...(outcome.data !== undefined ? { data: outcome.data } : {}),
    finishedAt: now,
    durationMs,
    credits,
    leaseExpiresAt: null,
  } satisfies Partial<RunRow>;
  // A run that started becomes its bot's last run, written with the bot's re-derived status.
  const lastRun = run.startedAt !== null ? { lastRunId: run.id, lastRunStatus: outcome.status, lastRunAt: now } : {};
  const { row, bot: botRow } = await updateRunAndBot(c, { run, set }, bot, now, lastRun);
  const changes = runAndBotChanges(row, botRow ? [botRow] : []);
  // A run that started did its work: debited once, whatever the balance (the policy applies at start).
  // The debit records the run's and the bot's changes with its own, in one statement.
  if (row.startedAt !== null) await debitRunCredits(c, row.orgId, row, now, changes);
  else await recordChanges(c, row.orgId, changes);
  return runSyncView(row);
}

/**
 * Cancels a queued or running run (runs.execute) with the reason "Cancelled by <name>". A run that
 * had started is charged for its measured time, as if it had ended; a queued one costs nothing.
 * The runner learns of it when its next report is refused.
 */
export async function cancelRun(c: TxContext, orgId: string, runId: string, now: Date): Promise<Run> {
  const actor = await requireMember(c, orgId, 'runs.execute');
  const locked = await lockRunWithBot(c, orgId, runId);
  if (isFinished(locked.run)) {
    throw new AppError('conflict', `This run already finished (${locked.run.status}); there is nothing to cancel`);
  }
  const error = `Cancelled by ${await userName(c, actor.userId)}`;
  return finishRun(c, locked, { status: 'cancelled', error, charge: true }, now);
}

/** Queues a new run of a failed or cancelled run's bot, linked by retryOf (runs.execute). */
export async function retryRun(c: TxContext, orgId: string, runId: string, now: Date): Promise<Run> {
  const actor = await requireMember(c, orgId, 'runs.execute');
  const run = await findRun(c, orgId, runId);
  if (!run) throw runNotFound();
  if (run.status !== 'failed' && run.status !== 'cancelled') {
    throw new AppError('conflict', `Only failed or cancelled runs can be retried (this one is ${run.status})`);
  }
  const startedBy = await userName(c, actor.userId);
  return (await queueRun(c, orgId, { botId: run.botId, actorId: actor.userId, startedBy, retryOf: run.id }, now)).run;
}
