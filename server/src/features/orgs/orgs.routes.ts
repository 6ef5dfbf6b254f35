import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '@shared/schemas/common';
import { createOrgBodySchema, deleteOrgBodySchema, orgPatchSchema, orgSchema } from '@shared/schemas/org';
import { withTx } from '../../db/tx';
import { requireSession } from '../auth/auth.guard';
import { createOrg, deleteOrg, getOrg, listOrgs, updateOrg } from './orgs.service';

const bearer = [{ bearer: [] }];
const orgParams = z.object({ orgId: idSchema });

/** Organizations: list, create, read, update, delete. */
export const orgRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['organizations'];

  app.get(
    '/v1/orgs',
    { schema: { tags, security: bearer, response: { 200: z.object({ orgs: z.array(orgSchema) }) } } },
    async (request) => {
      const who = await requireSession(request);
      return { orgs: await withTx(app.database, { userId: who.userId, orgId: null }, listOrgs) };
    },
  );

  app.post(
    '/v1/orgs',
    { schema: { tags, security: bearer, body: createOrgBodySchema, response: { 200: orgSchema } } },
    async (request) => {
      const who = await requireSession(request);
      return withTx(app.database, { userId: who.userId, orgId: null }, (c) => createOrg(c, request.body));
    },
  );

  app.get(
    '/v1/orgs/:orgId',
    { schema: { tags, security: bearer, params: orgParams, response: { 200: orgSchema } } },
    async (request) => {
      const who = await requireSession(request);
      const { orgId } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, (c) => getOrg(c, orgId));
    },
  );

  app.patch(
    '/v1/orgs/:orgId',
    { schema: { tags, security: bearer, params: orgParams, body: orgPatchSchema, response: { 200: orgSchema } } },
    async (request) => {
      const who = await requireSession(request);
      const { orgId } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, (c) => updateOrg(c, orgId, request.body));
    },
  );

  app.delete(
    '/v1/orgs/:orgId',
    {
      schema: { tags, security: bearer, params: orgParams, body: deleteOrgBodySchema, response: { 200: z.object({}) } },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId } = request.params;
      await withTx(app.database, { userId: who.userId, orgId }, (c) => deleteOrg(c, orgId, request.body.confirmSlug));
      return {};
    },
  );
};
