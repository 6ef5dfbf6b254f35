import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiKeySchema, createApiKeyBodySchema, createdApiKeySchema } from '@shared/schemas/automation';
import { idSchema } from '@shared/schemas/common';
import { withTx } from '../../db/tx';
import { requireSession } from '../auth/auth.guard';
import { lastUsedFlushMs } from './api-key-gate';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.service';

const bearer = [{ bearer: [] }];
const orgParams = z.object({ orgId: idSchema });
const keyParams = z.object({ orgId: idSchema, keyId: idSchema });

/** API keys of an organization: list, create (the secret is answered once), revoke; and the last-used flush. */
export const apiKeyRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['api keys'];
  registerLastUsedFlush(app);
  registerKeyCache(app);

  app.get(
    '/v1/orgs/:orgId/api-keys',
    {
      schema: {
        tags,
        security: bearer,
        summary: 'Every key of the organization, revoked ones included (never a secret)',
        params: orgParams,
        response: { 200: z.object({ apiKeys: z.array(apiKeySchema) }) },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId } = request.params;
      return { apiKeys: await withTx(app.database, { userId: who.userId, orgId }, (c) => listApiKeys(c, orgId)) };
    },
  );

  app.post(
    '/v1/orgs/:orgId/api-keys',
    {
      schema: {
        tags,
        security: bearer,
        summary: 'Create a key with scopes you hold yourself; its secret is in this answer only',
        params: orgParams,
        body: createApiKeyBodySchema,
        response: { 200: createdApiKeySchema },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, (c) => createApiKey(c, orgId, request.body));
    },
  );

  app.delete(
    '/v1/orgs/:orgId/api-keys/:keyId',
    {
      schema: {
        tags,
        security: bearer,
        summary: 'Revoke a key: permanent, refused from the next request on; revoking again changes nothing',
        params: keyParams,
        response: { 200: z.object({}) },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId, keyId } = request.params;
      await withTx(app.database, { userId: who.userId, orgId }, (c) => revokeApiKey(c, orgId, keyId));
      return {};
    },
  );
};

/** Keeps the verified-key cache in step with key changes from every server process (api-key-cache.ts). */
function registerKeyCache(app: Parameters<FastifyPluginAsyncZod>[0]): void {
  let unlisten: (() => Promise<void>) | null = null;
  app.addHook('onReady', async () => {
    unlisten = await app.apiKeyGate.keys.listen();
  });
  app.addHook('onClose', async () => {
    await unlisten?.();
  });
}

/** Writes the keys' last use every few seconds, and once more when the server closes. */
function registerLastUsedFlush(app: Parameters<FastifyPluginAsyncZod>[0]): void {
  const flush = async () => {
    try {
      await app.apiKeyGate.flush();
    } catch (error) {
      app.log.warn({ err: error }, 'writing API keys last use failed');
    }
  };
  let timer: NodeJS.Timeout | null = null;
  app.addHook('onReady', async () => {
    timer = setInterval(() => void flush(), lastUsedFlushMs).unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await flush();
  });
}
