import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '@shared/schemas/common';
import { roleSchema } from '@shared/schemas/org';
import { createRoleBodySchema, permissionCatalogueSchema, rolePatchSchema } from '@shared/schemas/people';
import { withTx } from '../../db/tx';
import { requireSession } from '../auth/auth.guard';
import { createRole, deleteRole, listRoles, permissionCatalogue, updateRole } from './roles.service';

const bearer = [{ bearer: [] }];
const orgParams = z.object({ orgId: idSchema });
const roleParams = z.object({ orgId: idSchema, roleId: idSchema });
const roleWithCountSchema = roleSchema.extend({ memberCount: z.number().int() });

/** Roles: the permission catalogue, list (org.read), create/edit/delete custom roles (roles.manage). */
export const roleRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['roles'];

  app.get(
    '/v1/permissions',
    { schema: { tags, security: bearer, response: { 200: permissionCatalogueSchema } } },
    async (request) => {
      await requireSession(request);
      return permissionCatalogue();
    },
  );

  app.get(
    '/v1/orgs/:orgId/roles',
    {
      schema: {
        tags,
        security: bearer,
        params: orgParams,
        response: { 200: z.object({ roles: z.array(roleWithCountSchema) }) },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId } = request.params;
      return { roles: await withTx(app.database, { userId: who.userId, orgId }, (c) => listRoles(c, orgId)) };
    },
  );

  app.post(
    '/v1/orgs/:orgId/roles',
    {
      schema: { tags, security: bearer, params: orgParams, body: createRoleBodySchema, response: { 200: roleSchema } },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, (c) => createRole(c, orgId, request.body));
    },
  );

  app.patch(
    '/v1/orgs/:orgId/roles/:roleId',
    { schema: { tags, security: bearer, params: roleParams, body: rolePatchSchema, response: { 200: roleSchema } } },
    async (request) => {
      const who = await requireSession(request);
      const { orgId, roleId } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, (c) => updateRole(c, orgId, roleId, request.body));
    },
  );

  app.delete(
    '/v1/orgs/:orgId/roles/:roleId',
    { schema: { tags, security: bearer, params: roleParams, response: { 200: z.object({}) } } },
    async (request) => {
      const who = await requireSession(request);
      const { orgId, roleId } = request.params;
      await withTx(app.database, { userId: who.userId, orgId }, (c) => deleteRole(c, orgId, roleId));
      return {};
    },
  );
};
