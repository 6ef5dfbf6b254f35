import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '@shared/schemas/common';
import { auditEventSchema } from '@shared/schemas/people';
import { withTx } from '../../db/tx';
import { requireSession } from '../auth/auth.guard';
import { auditQuerySchema, listAuditEvents } from './audit.service';

const bearer = [{ bearer: [] }];

/** The audit log: `GET /v1/orgs/:orgId/audit-events` (audit.read), newest first, keyset paged. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/orgs/:orgId/audit-events',
    {
      schema: {
        tags: ['audit'],
        security: bearer,
        params: z.object({ orgId: idSchema }),
        querystring: auditQuerySchema,
        response: { 200: z.object({ events: z.array(auditEventSchema), nextCursor: idSchema.nullable() }) },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, (c) => listAuditEvents(c, orgId, request.query));
    },
  );
};
