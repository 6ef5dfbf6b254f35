import { and, eq, inArray, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { AppError } from '@shared/errors';
import { RUN_DATA_MAX_BYTES } from '@shared/schemas/automation';
import type { ClaimedRun, Run, RunnerReportBody } from '@shared/schemas/automation';
import { bots, runs } from '../../db/schema';
import type { BotRow, RunRow } from '../../db/schema';
import { queryRows } from '../../db/tx';
import type { TxContext } from '../../db/tx';
import type { ApiKeyPrincipal } from '../api-keys/api-key-auth';
import { queueRun } from '../runs/queue-run';
import { recordRun, recordRunAndBots, runNotFound, updateRunAndBot } from '../runs/run-store';
import { runSyncView } from '../runs/run-views';
import { finishRun, lockRunWithBot } from '../runs/runs.service';
import { isProgressOnly, leaseFrom, progressSignal, renewProgress } from './run-progress';
import { onlineRunner } from './runner-presence';
import type { RunnerDeps } from './runner-presence';

const uuids = (ids: readonly string[]) =>
  sql`ARRAY[${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )}]::uuid[]`;

/**
 * Claims up to `limit` of the oldest unclaimed queued runs of the given bots for this runner: each
 * run goes to exactly one runner (rows another claimer holds are skipped, never waited for). A
 * claimed run stays queued, with its runner and a lease, until the runner reports it running.
 */
export async function claimRuns(
  c: TxContext,
  principal: ApiKeyPrincipal,
  body: { runnerId: string; botIds: readonly string[]; limit: number },
  deps: RunnerDeps,
): Promise<ClaimedRun[]> {
  if (body.botIds.length === 0) return [];
  const runner = await onlineRunner(c, principal, body.runnerId, body.botIds, deps);
  const lease = leaseFrom(deps.now);
  const rows = await queryRows<{ id: string }>(
    c.tx,
    sql`WITH picked AS (
          SELECT id FROM runs
          WHERE org_id = ${principal.orgId} AND status = 'queued' AND runner_id IS NULL AND bot_id = ANY (${uuids(body.botIds)})
          ORDER BY queued_at, id LIMIT ${body.limit}
          FOR UPDATE SKIP LOCKED)
        UPDATE runs r SET runner_id = ${runner.id}, lease_expires_at = ${lease.toISOString()}::timestamptz
        FROM picked WHERE r.org_id = ${principal.orgId} AND r.id = picked.id
        RETURNING r.id`,
  );
  if (rows.length === 0) return [];
  const claimed = await c.tx
    .select()
    .from(runs)
    .where(
      and(
        eq(runs.orgId, principal.orgId),
        inArray(
          runs.id,
          rows.map((r) => r.id),
        ),
      ),
    );
  claimed.sort((a, b) => a.queuedAt.getTime() - b.queuedAt.getTime() || (a.id < b.id ? -1 : 1));
  const stepsByBot = await stepsOf(c, principal.orgId, [...new Set(claimed.map((r) => r.botId))]);
  const answer: ClaimedRun[] = [];
  for (const row of claimed) {
    answer.push({
      run: await recordRun(c, row),
      leaseExpiresAt: lease.toISOString(),
      steps: stepsByBot.get(row.botId) ?? [],
    });
  }
  return answer;
}

async function stepsOf(c: TxContext, orgId: string, botIds: string[]) {
  const rows = await c.tx
    .select({ id: bots.id, steps: bots.steps })
    .from(bots)
    .where(and(eq(bots.orgId, orgId), inArray(bots.id, botIds)));
  return new Map(rows.map((r) => [r.id, r.steps]));
}

/**
 * A runner starts a run of any bot of its org. The idempotency key (namespaced to runners, so it
 * never meets a trigger's) answers the first run on a repeat. Naming the runner claims the run for
 * it at once, so no other runner picks it up.
 */
export async function startRun(
  c: TxContext,
  principal: ApiKeyPrincipal,
  body: { botId: string; idempotencyKey: string; runnerId?: string | undefined },
  deps: RunnerDeps,
): Promise<{ run: Run; created: boolean }> {
  const startedBy = body.runnerId ? `Runner ${body.runnerId}` : `API key ${principal.name}`;
  // The runner first (as a heartbeat would: runner, then bots, then the org), so the run is inserted claimed.
  const runner = body.runnerId ? await onlineRunner(c, principal, body.runnerId, [body.botId], deps) : null;
  const claim = runner ? { runnerId: runner.id, leaseExpiresAt: leaseFrom(deps.now) } : null;
  return queueRun(
    c,
    principal.orgId,
    { botId: body.botId, startedBy, idempotencyKey: `runner:${body.idempotencyKey}`, claim },
    deps.now,
  );
}

function requireDataFits(data: Record<string, unknown> | undefined): void {
  if (data === undefined) return;
  const bytes = Buffer.byteLength(JSON.stringify(data));
  if (bytes > RUN_DATA_MAX_BYTES) {
    throw new AppError(
      'validation_failed',
      `Extracted data is ${bytes} bytes; at most ${RUN_DATA_MAX_BYTES} are kept — send a summary and store the rest elsewhere`,
    );
  }
}

/**
 * A runner's report on a run: `running` (progress: renews the lease when due, see run-progress.ts;
 * the percentage is a live signal, not a change), `succeeded` or `failed` (final: the server
 * measures the duration and computes the credits). A finished run takes no more reports: the same
 * outcome again answers the run unchanged (a retried report), a different one is a conflict.
 * `progressTried` says the caller already ran the progress fast path (reportProgress) and it answered
 * nothing, or skipped it for a run it knows has not started: a progress-only report takes the locked path.
 */
export async function reportRun(
  c: TxContext,
  principal: ApiKeyPrincipal,
  runId: string,
  body: RunnerReportBody,
  deps: RunnerDeps,
  progressTried = false,
): Promise<Run> {
  requireDataFits(body.data);
  const { orgId } = principal;
  const progressed = await progressOf(c, orgId, runId, body, deps.now, progressTried);
  if (progressed) {
    publishProgress(c, progressed, body, deps);
    return runSyncView(progressed);
  }
  return reportChange(c, principal, runId, body, deps);
}

/** The fast path's answer for a running report: the run already running and held, or null. */
async function progressOf(
  c: TxContext,
  orgId: string,
  runId: string,
  body: RunnerReportBody,
  now: Date,
  progressTried: boolean,
): Promise<RunRow | null> {
  if (body.status !== 'running') return null;
  if (!isProgressOnly(body)) return renewLease(c, orgId, runId, body, now);
  return progressTried ? null : renewProgress(c, orgId, runId, body, now);
}

/** The locked path: a run that starts running, finishes, or is not the naming runner's. */
async function reportChange(
  c: TxContext,
  principal: ApiKeyPrincipal,
  runId: string,
  body: RunnerReportBody,
  deps: RunnerDeps,
): Promise<Run> {
  const { orgId } = principal;
  const locked = await lockRunWithBot(c, orgId, runId, body.runnerId);
  const { run, runnerId } = locked;
  if (run.status === 'succeeded' || run.status === 'failed' || run.status === 'cancelled') {
    if (run.status === body.status) return runSyncView(run);
    const why = run.status === 'cancelled' && run.error ? ` (${run.error})` : '';
    throw new AppError('conflict', `This run already finished as ${run.status}${why}; stop working on it`);
  }
  if (run.runnerId !== null && runnerId !== null && run.runnerId !== runnerId) {
    throw new AppError('conflict', 'Another runner holds this run');
  }
  if (body.status === 'running') {
    const { row, bot } = await markRunning(c, locked, runnerId, body, deps.now);
    const view = await recordRunAndBots(c, row, bot ? [bot] : []);
    publishProgress(c, row, body, deps);
    return view;
  }
  const started = run.startedAt === null ? await markStarted(c, run, runnerId, deps.now) : run;
  const error = body.status === 'failed' ? (body.error ?? 'The runner reported a failure without a message') : null;
  const outcome = { status: body.status, error, log: body.log, data: body.data ?? undefined, charge: true };
  return finishRun(c, { ...locked, run: started }, outcome, deps.now);
}

/**
 * A running report on the locked path: a run that starts now is marked started (held by the naming
 * runner); the lease is renewed and log and data stored; the bot's status follows.
 */
async function markRunning(
  c: TxContext,
  locked: { run: RunRow; bot: BotRow | null },
  runnerId: string | null,
  body: RunnerReportBody,
  now: Date,
) {
  const { run, bot } = locked;
  const start =
    run.startedAt === null ? { status: 'running' as const, startedAt: now, runnerId: runnerId ?? run.runnerId } : {};
  const set = {
    ...start,
    leaseExpiresAt: leaseFrom(now),
    ...(body.log !== undefined ? { log: body.log } : {}),
    ...(body.data !== undefined ? { data: body.data } : {}),
  };
  return updateRunAndBot(c, { run, set }, bot, now);
}

/**
 * A running report with log or data (a write anyway): one statement stores them and renews the
 * lease of a run that is already running (held by the naming runner, if it names one).
 */
async function renewLease(
  c: TxContext,
  orgId: string,
  runId: string,
  body: RunnerReportBody,
  now: Date,
): Promise<RunRow | null> {
  const holder: SQL | undefined = body.runnerId
    ? sql`(${runs.runnerId} IS NULL OR ${runs.runnerId} IN
        (SELECT id FROM runners WHERE org_id = ${orgId} AND runner_key = ${body.runnerId}))`
    : undefined;
  const [row] = await c.tx
    .update(runs)
    .set({
      leaseExpiresAt: leaseFrom(now),
      ...(body.log !== undefined ? { log: body.log } : {}),
      ...(body.data !== undefined ? { data: body.data } : {}),
    })
    .where(and(eq(runs.orgId, orgId), eq(runs.id, runId), eq(runs.status, 'running'), holder))
    .returning();
  return row ?? null;
}

async function markStarted(c: TxContext, run: RunRow, runnerId: string | null, now: Date): Promise<RunRow> {
  const [row] = await c.tx
    .update(runs)
    .set({ status: 'running', startedAt: now, runnerId: runnerId ?? run.runnerId, leaseExpiresAt: leaseFrom(now) })
    .where(and(eq(runs.orgId, run.orgId), eq(runs.id, run.id)))
    .returning();
  if (!row) throw runNotFound();
  return row;
}

function publishProgress(c: TxContext, run: RunRow, body: RunnerReportBody, deps: RunnerDeps): void {
  const signal = progressSignal(run, body, deps);
  if (signal) c.afterCommit(signal);
}
