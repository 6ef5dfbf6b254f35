import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createTriggerBodySchema,
  triggerPatchSchema,
  triggerSchema,
  triggerWithSecretSchema,
} from '@shared/schemas/automation';
import { idSchema } from '@shared/schemas/common';
import { withTx } from '../../db/tx';
import { requireSession } from '../auth/auth.guard';
import { runSchedulerPass, schedulerEveryMs } from './scheduler';
import { createTrigger, deleteTrigger, listTriggers, rotateTriggerSecret, updateTrigger } from './triggers.service';
import { webhookRoutes } from './webhook.routes';

const bearer = [{ bearer: [] }];
const tags = ['triggers'];
const orgParams = z.object({ orgId: idSchema });
const triggerParams = z.object({ orgId: idSchema, triggerId: idSchema });

/** Triggers: list (triggers.read), create/edit/delete/rotate (triggers.manage), webhooks, and the scheduler job. */
export const triggerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/orgs/:orgId/triggers',
    {
      schema: {
        tags,
        security: bearer,
        params: orgParams,
        response: { 200: z.object({ triggers: z.array(triggerSchema) }) },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId } = request.params;
      return { triggers: await withTx(app.database, { userId: who.userId, orgId }, (c) => listTriggers(c, orgId)) };
    },
  );

  app.post(
    '/v1/orgs/:orgId/triggers',
    {
      schema: {
        tags,
        security: bearer,
        params: orgParams,
        body: createTriggerBodySchema,
        description: "A webhook trigger's secret is in this answer only; it cannot be read again (rotate it instead).",
        response: { 200: triggerWithSecretSchema },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, (c) =>
        createTrigger(c, orgId, request.body, app.now()),
      );
    },
  );

  app.patch(
    '/v1/orgs/:orgId/triggers/:triggerId',
    {
      schema: {
        tags,
        security: bearer,
        params: triggerParams,
        body: triggerPatchSchema,
        response: { 200: triggerSchema },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId, triggerId } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, (c) =>
        updateTrigger(c, orgId, triggerId, request.body, app.now()),
      );
    },
  );

  app.delete(
    '/v1/orgs/:orgId/triggers/:triggerId',
    { schema: { tags, security: bearer, params: triggerParams, response: { 200: z.object({}) } } },
    async (request) => {
      const who = await requireSession(request);
      const { orgId, triggerId } = request.params;
      await withTx(app.database, { userId: who.userId, orgId }, (c) => deleteTrigger(c, orgId, triggerId));
      return {};
    },
  );

  app.post(
    '/v1/orgs/:orgId/triggers/:triggerId/rotate-secret',
    {
      schema: {
        tags,
        security: bearer,
        params: triggerParams,
        description:
          'Webhook triggers only: the old secret stops verifying at once; the new one is in this answer only.',
        response: { 200: triggerWithSecretSchema },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId, triggerId } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, (c) =>
        rotateTriggerSecret(c, orgId, triggerId, app.now()),
      );
    },
  );

  await app.register(webhookRoutes);
  startScheduler(app);
};

/** Runs a scheduler pass every few seconds from ready until close; passes never overlap. */
function startScheduler(app: FastifyInstance): void {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  const pass = () => {
    if (running) return;
    running = (async () => {
      try {
        await runSchedulerPass(app.database, app.now(), (error, triggerId) =>
          app.log.warn({ err: error, triggerId }, 'schedule trigger could not fire'),
        );
      } catch (error) {
        app.log.warn({ err: error }, 'scheduler pass failed');
      } finally {
        running = null;
      }
    })();
  };
  app.addHook('onReady', async () => {
    pass();
    timer = setInterval(pass, schedulerEveryMs).unref();
  });
  // The pass in flight finishes before the database closes.
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });
}
