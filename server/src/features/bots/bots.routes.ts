import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { botPatchSchema, botSchema, createBotBodySchema, runSchema } from '@shared/schemas/automation';
import { idSchema } from '@shared/schemas/common';
import { withTx } from '../../db/tx';
import { requireSession } from '../auth/auth.guard';
import { createBot, deleteBot, getBot, listBots, runBotNow, updateBot } from './bots.service';

const bearer = [{ bearer: [] }];
const orgParams = z.object({ orgId: idSchema });
const botParams = z.object({ orgId: idSchema, botId: idSchema });

/** Bots: list and read (bots.read), create/edit/delete (bots.manage), enable/disable (bots.toggle), run now (runs.execute). */
export const botRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['bots'];

  app.get(
    '/v1/orgs/:orgId/bots',
    {
      schema: { tags, security: bearer, params: orgParams, response: { 200: z.object({ bots: z.array(botSchema) }) } },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId } = request.params;
      return { bots: await withTx(app.database, { userId: who.userId, orgId }, (c) => listBots(c, orgId)) };
    },
  );

  app.post(
    '/v1/orgs/:orgId/bots',
    { schema: { tags, security: bearer, params: orgParams, body: createBotBodySchema, response: { 200: botSchema } } },
    async (request) => {
      const who = await requireSession(request);
      const { orgId } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, (c) => createBot(c, orgId, request.body, app.now()));
    },
  );

  app.get(
    '/v1/orgs/:orgId/bots/:botId',
    { schema: { tags, security: bearer, params: botParams, response: { 200: botSchema } } },
    async (request) => {
      const who = await requireSession(request);
      const { orgId, botId } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, (c) => getBot(c, orgId, botId));
    },
  );

  app.patch(
    '/v1/orgs/:orgId/bots/:botId',
    {
      schema: {
        tags,
        security: bearer,
        params: botParams,
        body: botPatchSchema,
        description: '`enabled` alone needs bots.toggle; any other field bots.manage.',
        response: { 200: botSchema },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId, botId } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, (c) =>
        updateBot(c, orgId, botId, request.body, app.now()),
      );
    },
  );

  app.delete(
    '/v1/orgs/:orgId/bots/:botId',
    { schema: { tags, security: bearer, params: botParams, response: { 200: z.object({}) } } },
    async (request) => {
      const who = await requireSession(request);
      const { orgId, botId } = request.params;
      await withTx(app.database, { userId: who.userId, orgId }, (c) => deleteBot(c, orgId, botId, app.now()));
      return {};
    },
  );

  app.post(
    '/v1/orgs/:orgId/bots/:botId/runs',
    {
      schema: {
        tags,
        security: bearer,
        params: botParams,
        description: 'Run now: queues a run of the bot (refused with conflict while the bot is disabled).',
        response: { 200: runSchema },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId, botId } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, (c) => runBotNow(c, orgId, botId, app.now()));
    },
  );
};
