import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '@shared/schemas/common';
import { memberSchema } from '@shared/schemas/org';
import { memberPatchSchema } from '@shared/schemas/people';
import { withTx } from '../../db/tx';
import { requireSession } from '../auth/auth.guard';
import { leaveOrg, listMembers, removeMember, updateMember } from './members.service';

const bearer = [{ bearer: [] }];
const orgParams = z.object({ orgId: idSchema });
const memberParams = z.object({ orgId: idSchema, memberId: idSchema });

/** Members: list (members.read), change role/status (members.update), remove (members.remove), leave. */
export const memberRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['members'];

  app.get(
    '/v1/orgs/:orgId/members',
    {
      schema: {
        tags,
        security: bearer,
        params: orgParams,
        response: { 200: z.object({ members: z.array(memberSchema) }) },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId } = request.params;
      return { members: await withTx(app.database, { userId: who.userId, orgId }, (c) => listMembers(c, orgId)) };
    },
  );

  app.patch(
    '/v1/orgs/:orgId/members/:memberId',
    {
      schema: {
        tags,
        security: bearer,
        params: memberParams,
        body: memberPatchSchema,
        response: { 200: memberSchema },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId, memberId } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, (c) => updateMember(c, orgId, memberId, request.body));
    },
  );

  app.delete(
    '/v1/orgs/:orgId/members/:memberId',
    { schema: { tags, security: bearer, params: memberParams, response: { 200: z.object({}) } } },
    async (request) => {
      const who = await requireSession(request);
      const { orgId, memberId } = request.params;
      await withTx(app.database, { userId: who.userId, orgId }, (c) => removeMember(c, orgId, memberId));
      return {};
    },
  );

  app.post(
    '/v1/orgs/:orgId/leave',
    { schema: { tags, security: bearer, params: orgParams, response: { 200: z.object({}) } } },
    async (request) => {
      const who = await requireSession(request);
      const { orgId } = request.params;
      await withTx(app.database, { userId: who.userId, orgId }, (c) => leaveOrg(c, orgId));
      return {};
    },
  );
};
