import { sql } from 'drizzle-orm';
import { AppError } from '@shared/errors';
import type { Run, RunnerReportBody } from '@shared/schemas/automation';
import type { Database } from '../../db/client';
import type { RunRow } from '../../db/schema';
import { queryOnce, queryRows } from '../../db/tx';
import type { TxContext } from '../../db/tx';
import type { ApiKeyPrincipal } from '../api-keys/api-key-auth';
import { runRowFrom } from '../runs/run-store';
import { runSyncView } from '../runs/run-views';
import type { RunCache } from './run-cache';
import type { RunnerDeps } from './runner-presence';

// The progress fast path, the bulk of all run reports: a report on a run that is already running
// (held by the naming runner, if it names one) is answered from this process's memory while its
// lease is not due (run-cache.ts), else by one statement, in most cases a read.
//
// Lease rule: a run's lease is 60 s (runLeaseMs); a progress report renews it only once less than
// 2/3 of it (40 s) remains. A runner reports far more often than once a minute, so a reporting
// runner's lease never falls below 40 s after a report, while most reports write nothing at all.
// A report carrying log or data is a write anyway and always renews (renewLease in runner-runs.ts).

/** How long a claim, a start or a renewal keeps a run the runner's. */
export const runLeaseMs = 60_000;
/** A progress report renews the lease once less than this much of it remains (2/3 of runLeaseMs). */
export const renewBelowMs = (runLeaseMs * 2) / 3;

export const leaseFrom = (now: Date) => new Date(now.getTime() + runLeaseMs);

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidLiteral(id: string): string {
  if (!uuidShape.test(id)) throw new AppError('internal', 'A run or org id is a UUID');
  return `'${id}'::uuid`;
}

const timeLiteral = (at: Date) => `'${at.toISOString()}'::timestamptz`;

/** Any text as a literal made of hex digits only, whatever the server's quoting settings. */
const textLiteral = (text: string) =>
  `convert_from(decode('${Buffer.from(text, 'utf8').toString('hex')}', 'hex'), 'UTF8')`;

/** Whether the report only says "still running" (progress and step are live signals, not stored). */
export function isProgressOnly(body: RunnerReportBody): boolean {
  return body.status === 'running' && body.log === undefined && body.data === undefined;
}

/**
 * The statement, with literals only (so that on PostgreSQL it travels with its transaction in one
 * round trip): botdesk_run_progress (0014_run_progress.sql, planned once per connection) renews the
 * lease when it is due and answers the run; no row when the run is not running or another runner
 * holds it.
 */
function progressStatement(orgId: string, runId: string, runnerKey: string | undefined, now: Date): string {
  const holder = runnerKey ? textLiteral(runnerKey) : 'NULL';
  const renewBefore = new Date(now.getTime() + renewBelowMs);
  return `SELECT * FROM botdesk_run_progress(${uuidLiteral(orgId)}, ${uuidLiteral(runId)}, ${holder},
    ${timeLiteral(leaseFrom(now))}, ${timeLiteral(renewBefore)})`;
}

/** The progress fast path inside a transaction: the run as it stands after the report, or null. */
export async function renewProgress(c: TxContext, orgId: string, runId: string, body: RunnerReportBody, now: Date) {
  const rows = await queryRows<Record<string, unknown>>(
    c.tx,
    sql.raw(progressStatement(orgId, runId, body.runnerId, now)),
  );
  return rows[0] ? runRowFrom(rows[0]) : null;
}

/** The progress percentage and step as a live signal to the org's desktops (runs.read). */
export function progressSignal(run: RunRow, body: RunnerReportBody, deps: RunnerDeps) {
  if (body.progress === undefined) return null;
  const data = { runId: run.id, botId: run.botId, progress: body.progress, step: body.step ?? null };
  return () => deps.publish({ orgId: run.orgId, name: 'run.progress', data, permission: 'runs.read' });
}

/** Whether the run's lease is due for renewal (a write, so the database's business). */
const leaseDue = (row: RunRow, now: Date) =>
  row.leaseExpiresAt === null || row.leaseExpiresAt.getTime() < now.getTime() + renewBelowMs;

/**
 * A progress-only report (isProgressOnly) on a running run, its signal published after it: the
 * run's view, or null when the run is not running or not held by the naming runner (the caller then
 * takes the locked path). From memory when this process has the run cached and its lease is not
 * due (run-cache.ts; `caughtUp`: the request already passed a notification barrier, else it waits
 * for one); otherwise one statement in a transaction of its own (one round trip on PostgreSQL),
 * whose answer is cached. The signal is not sent from that statement: a NOTIFY would turn the
 * report, most often a read, into a write transaction; batched, many share one.
 */
export async function reportProgress(
  database: Database,
  cache: RunCache,
  principal: ApiKeyPrincipal,
  runId: string,
  body: RunnerReportBody,
  deps: RunnerDeps & { caughtUp: boolean },
): Promise<Run | null> {
  const { orgId } = principal;
  const cached = (await caughtUpWith(database, cache, runId, deps.caughtUp))
    ? cache.held(orgId, runId, body.runnerId)
    : null;
  const run =
    cached && !leaseDue(cached, deps.now)
      ? cached
      : await readProgress(database, cache, principal, runId, body, deps.now);
  if (!run) return null;
  const signal = progressSignal(run, body, deps);
  if (signal) {
    await signal().catch((error: unknown) =>
      process.emitWarning(`progress signal failed: ${(error as Error).message}`),
    );
  }
  return runSyncView(run);
}

/** Whether the cache may answer for the run: it may have it, and every change committed before the request was heard. */
async function caughtUpWith(database: Database, cache: RunCache, runId: string, caughtUp: boolean): Promise<boolean> {
  if (!cache.mayHave(runId)) return false;
  if (caughtUp) return true;
  return database.notificationBarrier().then(
    () => true,
    () => false,
  );
}

async function readProgress(
  database: Database,
  cache: RunCache,
  principal: ApiKeyPrincipal,
  runId: string,
  body: RunnerReportBody,
  now: Date,
): Promise<RunRow | null> {
  const generation = cache.generation;
  const statement = progressStatement(principal.orgId, runId, body.runnerId, now);
  const [raw] = await queryOnce<Record<string, unknown>>(database, { userId: null, orgId: principal.orgId }, statement);
  if (!raw) return null;
  const run = runRowFrom(raw);
  cache.store(run, body.runnerId, generation);
  return run;
}
