import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { runSchema, runsPageSchema, runsQuerySchema } from '@shared/schemas/automation';
import { idSchema } from '@shared/schemas/common';
import { withTx } from '../../db/tx';
import { requireSession } from '../auth/auth.guard';
import { pruneRuns, runRetentionEveryMs } from './run-retention';
import { cancelRun, getRun, listRuns, retryRun } from './runs.service';

const bearer = [{ bearer: [] }];
const orgParams = z.object({ orgId: idSchema });
const runParams = z.object({ orgId: idSchema, runId: idSchema });

/** Run history (runs.read), cancel/retry (runs.execute) and the hourly run retention job. */
export const runRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['runs'];

  let retention: NodeJS.Timeout | null = null;
  app.addHook('onReady', async () => {
    const prune = () => {
      pruneRuns(app.database, app.now()).catch((error: unknown) =>
        app.log.warn({ err: error }, 'run retention failed'),
      );
    };
    retention = setInterval(prune, runRetentionEveryMs).unref();
    prune();
  });
  app.addHook('preClose', async () => {
    if (retention) clearInterval(retention);
  });

  app.get(
    '/v1/orgs/:orgId/runs',
    {
      schema: {
        tags,
        security: bearer,
        params: orgParams,
        querystring: runsQuerySchema,
        description:
          'Newest first; `q` matches error and log ignoring case; `cursor` is the previous page’s nextCursor.',
        response: { 200: runsPageSchema },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, (c) => listRuns(c, orgId, request.query));
    },
  );

  app.get(
    '/v1/orgs/:orgId/runs/:runId',
    { schema: { tags, security: bearer, params: runParams, response: { 200: runSchema } } },
    async (request) => {
      const who = await requireSession(request);
      const { orgId, runId } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, (c) => getRun(c, orgId, runId));
    },
  );

  app.post(
    '/v1/orgs/:orgId/runs/:runId/cancel',
    { schema: { tags, security: bearer, params: runParams, response: { 200: runSchema } } },
    async (request) => {
      const who = await requireSession(request);
      const { orgId, runId } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, (c) => cancelRun(c, orgId, runId, app.now()));
    },
  );

  app.post(
    '/v1/orgs/:orgId/runs/:runId/retry',
    { schema: { tags, security: bearer, params: runParams, response: { 200: runSchema } } },
    async (request) => {
      const who = await requireSession(request);
      const { orgId, runId } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, (c) => retryRun(c, orgId, runId, app.now()));
    },
  );
};
