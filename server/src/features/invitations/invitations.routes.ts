import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '@shared/schemas/common';
import { orgSchema } from '@shared/schemas/org';
import { createInvitationBodySchema, invitationPreviewSchema, invitationSchema } from '@shared/schemas/people';
import { withTx } from '../../db/tx';
import { requireSession } from '../auth/auth.guard';
import type { Limit } from '../auth/rate-limit';
import type { InvitationDeps } from './invitation-common';
import { acceptInvitation, declineInvitation, lookupInvitation } from './invitation-accept';
import { createInvitation, listInvitations, resendInvitation, revokeInvitation } from './invitations.service';

const bearer = [{ bearer: [] }];
const empty = z.object({});
const orgParams = z.object({ orgId: idSchema });
const invitationParams = z.object({ orgId: idSchema, id: idSchema });
// Any string: a malformed token must get the same invitation_invalid answer as an unknown one.
const tokenBody = z.object({ token: z.string().describe('The invitation code from the email') });

/** Attempts with a token per client IP (a token is 256 random bits: this limits load, not guessing). */
export const invitationLimits = {
  tokenPerIp: { max: 300, windowSeconds: 15 * 60 },
} as const satisfies Record<string, Limit>;

function depsOf(app: FastifyInstance): InvitationDeps {
  // Read at call time, so a pinned clock (tests) applies.
  return { now: () => app.now(), mailer: app.mailer };
}

function limitTokenAttempts(app: FastifyInstance, request: FastifyRequest, route: string): void {
  app.rateLimiter.hit([{ key: `invitation-${route}:ip:${request.ip}`, limit: invitationLimits.tokenPerIp }]);
}

/** Invitations: list, invite, resend, revoke (per org); look up, accept, decline (by token). */
export const invitationRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['invitations'];

  app.get(
    '/v1/orgs/:orgId/invitations',
    {
      schema: {
        tags,
        security: bearer,
        params: orgParams,
        response: { 200: z.object({ invitations: z.array(invitationSchema) }) },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId } = request.params;
      return {
        invitations: await withTx(app.database, { userId: who.userId, orgId }, (c) => listInvitations(c, orgId)),
      };
    },
  );

  app.post(
    '/v1/orgs/:orgId/invitations',
    {
      schema: {
        tags,
        security: bearer,
        summary: 'Invite by email; mails a link and code',
        params: orgParams,
        body: createInvitationBodySchema,
        response: { 200: invitationSchema },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, (c) =>
        createInvitation(c, depsOf(app), orgId, request.body),
      );
    },
  );

  app.post(
    '/v1/orgs/:orgId/invitations/:id/resend',
    {
      schema: {
        tags,
        security: bearer,
        summary: 'Mail a new token with a new expiry; the old token stops working',
        params: invitationParams,
        response: { 200: invitationSchema },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId, id } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, (c) => resendInvitation(c, depsOf(app), orgId, id));
    },
  );

  app.delete(
    '/v1/orgs/:orgId/invitations/:id',
    { schema: { tags, security: bearer, summary: 'Revoke', params: invitationParams, response: { 200: empty } } },
    async (request) => {
      const who = await requireSession(request);
      const { orgId, id } = request.params;
      await withTx(app.database, { userId: who.userId, orgId }, (c) => revokeInvitation(c, orgId, id));
      return {};
    },
  );

  app.post(
    '/v1/invitations/lookup',
    {
      schema: {
        tags,
        summary: 'Preview an invitation by its token (no session needed)',
        body: tokenBody,
        response: { 200: invitationPreviewSchema },
      },
    },
    async (request) => {
      limitTokenAttempts(app, request, 'lookup');
      return withTx(app.database, { userId: null, orgId: null }, (c) =>
        lookupInvitation(c, depsOf(app), request.body.token),
      );
    },
  );

  app.post(
    '/v1/invitations/accept',
    {
      schema: {
        tags,
        security: bearer,
        summary: "Join the organization; the signed-in user's email must match the invitation",
        body: tokenBody,
        response: { 200: orgSchema },
      },
    },
    async (request) => {
      limitTokenAttempts(app, request, 'accept');
      const who = await requireSession(request);
      return withTx(app.database, { userId: who.userId, orgId: null }, (c) =>
        acceptInvitation(c, depsOf(app), request.body.token),
      );
    },
  );

  app.post(
    '/v1/invitations/decline',
    { schema: { tags, security: bearer, summary: 'Decline', body: tokenBody, response: { 200: empty } } },
    async (request) => {
      limitTokenAttempts(app, request, 'decline');
      const who = await requireSession(request);
      await withTx(app.database, { userId: who.userId, orgId: null }, (c) =>
        declineInvitation(c, depsOf(app), request.body.token),
      );
      return {};
    },
  );
};
