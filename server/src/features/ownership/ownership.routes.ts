import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '@shared/schemas/common';
import { ownershipTransferSchema } from '@shared/schemas/people';
import { withTx } from '../../db/tx';
import { requireSession } from '../auth/auth.guard';
import { acceptTransfer, cancelTransfer, scopeToTransfer, startTransfer } from './ownership.service';

const bearer = [{ bearer: [] }];
const transferParams = z.object({ id: idSchema });

/** Ownership transfers: offered by the owner, accepted by the recipient, cancelled by either. */
export const ownershipRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['organizations'];

  app.post(
    '/v1/orgs/:orgId/ownership-transfers',
    {
      schema: {
        tags,
        security: bearer,
        params: z.object({ orgId: idSchema }),
        body: z.object({ memberId: idSchema }),
        response: { 200: ownershipTransferSchema },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, (c) => startTransfer(c, orgId, request.body.memberId));
    },
  );

  app.post(
    '/v1/ownership-transfers/:id/accept',
    { schema: { tags, security: bearer, params: transferParams, response: { 200: z.object({}) } } },
    async (request) => {
      const who = await requireSession(request);
      await withTx(app.database, { userId: who.userId, orgId: null }, async (c) => {
        const scoped = await scopeToTransfer(c, request.params.id);
        await acceptTransfer(scoped.c, scoped.orgId, request.params.id);
      });
      return {};
    },
  );

  app.post(
    '/v1/ownership-transfers/:id/cancel',
    { schema: { tags, security: bearer, params: transferParams, response: { 200: z.object({}) } } },
    async (request) => {
      const who = await requireSession(request);
      await withTx(app.database, { userId: who.userId, orgId: null }, async (c) => {
        const scoped = await scopeToTransfer(c, request.params.id);
        await cancelTransfer(scoped.c, scoped.orgId, request.params.id);
      });
      return {};
    },
  );
};
