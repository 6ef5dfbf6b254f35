import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  claimedRunSchema,
  runSchema,
  runnerClaimBodySchema,
  runnerHeartbeatBodySchema,
  runnerReportBodySchema,
  runnerSchema,
  runnerStartBodySchema,
} from '@shared/schemas/automation';
import { idSchema } from '@shared/schemas/common';
import { authenticateApiKey, passedBarrier, withApiKeyTx } from '../api-keys/api-key-auth';
import { publishSignal } from '../sync/signals';
import { RunCache } from './run-cache';
import { isProgressOnly, reportProgress } from './run-progress';
import { recordHeartbeat } from './runner-presence';
import type { RunnerDeps } from './runner-presence';
import { claimRuns, reportRun, startRun } from './runner-runs';
import { sweepEveryMs, sweepRunners } from './runner-sweeper';

const apiKeyAuth = [{ bearer: [] }];
const tags = ['runner'];
const scope = 'runs.execute';

/** The heartbeat's answer: the runner as stored, and every bot of the org (a runner may serve any of them). */
export const heartbeatAnswerSchema = z.object({ runner: runnerSchema, botIds: z.array(idSchema) });

function depsOf(app: FastifyInstance): RunnerDeps {
  return { now: app.now(), publish: (signal) => publishSignal(app.database, signal) };
}

/** At most this many runs are remembered as started here and not reported running yet. */
const maxUnstartedRuns = 10_000;

/** The runner protocol (an API key with runs.execute) and the sweeper that marks silent runners offline. */
export const runnerRoutes: FastifyPluginAsyncZod = async (app) => {
  // Runs a runner started through this process and has not reported running yet: their first
  // report starts them, so it skips the progress fast path (which would find them not running).
  // Only a hint: a run reported elsewhere first takes the locked path, which handles it as well.
  const unstarted = new Set<string>();
  const runCache = new RunCache(app.database);
  let unlistenRuns: (() => Promise<void>) | null = null;
  app.addHook('onReady', async () => {
    unlistenRuns = await runCache.listen();
  });
  app.addHook('onClose', async () => {
    await unlistenRuns?.();
  });

  app.post(
    '/v1/runner/heartbeat',
    {
      schema: {
        tags,
        security: apiKeyAuth,
        body: runnerHeartbeatBodySchema,
        description: 'Every ~15 s: the runner is online with the bots it declares.',
        response: { 200: heartbeatAnswerSchema },
      },
    },
    async (request) => {
      const principal = await authenticateApiKey(app, request, scope);
      return withApiKeyTx(app, principal, (c) => recordHeartbeat(c, principal, request.body, depsOf(app)));
    },
  );

  app.post(
    '/v1/runner/claim',
    {
      schema: {
        tags,
        security: apiKeyAuth,
        body: runnerClaimBodySchema,
        description: 'Claims the oldest queued runs of the given bots, each for exactly one runner, with a lease.',
        response: { 200: z.object({ runs: z.array(claimedRunSchema) }) },
      },
    },
    async (request) => {
      const principal = await authenticateApiKey(app, request, scope);
      return { runs: await withApiKeyTx(app, principal, (c) => claimRuns(c, principal, request.body, depsOf(app))) };
    },
  );

  app.post(
    '/v1/runner/runs',
    {
      schema: {
        tags,
        security: apiKeyAuth,
        body: runnerStartBodySchema,
        description: 'Starts a run of a bot: 201 with the new run, or 200 with the run its idempotency key started.',
        response: { 200: runSchema, 201: runSchema },
      },
    },
    async (request, reply) => {
      const principal = await authenticateApiKey(app, request, scope);
      const { run, created } = await withApiKeyTx(app, principal, (c) =>
        startRun(c, principal, request.body, depsOf(app)),
      );
      if (created && run.status === 'queued') {
        if (unstarted.size >= maxUnstartedRuns) unstarted.clear();
        unstarted.add(run.id);
      }
      return reply.code(created ? 201 : 200).send(run);
    },
  );

  app.patch(
    '/v1/runner/runs/:runId',
    {
      schema: {
        tags,
        security: apiKeyAuth,
        params: z.object({ runId: idSchema }),
        body: runnerReportBodySchema,
        description: 'Progress (running) or the outcome; a finished run answers the same outcome again unchanged.',
        response: { 200: runSchema },
      },
    },
    async (request) => {
      const principal = await authenticateApiKey(app, request, scope);
      const { runId } = request.params;
      const deps = depsOf(app);
      // Progress on a running run, the bulk of all reports, needs no locks: one statement of its own.
      const progressOnly = isProgressOnly(request.body);
      const fastPath = progressOnly && !unstarted.delete(runId);
      const progressed = fastPath
        ? await reportProgress(app.database, runCache, principal, runId, request.body, {
            ...deps,
            caughtUp: passedBarrier(request),
          })
        : null;
      return (
        progressed ??
        withApiKeyTx(app, principal, (c) => reportRun(c, principal, runId, request.body, deps, progressOnly))
      );
    },
  );

  let timer: NodeJS.Timeout | null = null;
  app.addHook('onReady', async () => {
    const sweep = () => {
      sweepRunners(app.database, app.now()).catch((error: unknown) =>
        app.log.warn({ err: error }, 'runner sweep failed'),
      );
    };
    timer = setInterval(sweep, sweepEveryMs).unref();
  });
  app.addHook('preClose', async () => {
    if (timer) clearInterval(timer);
  });
};
