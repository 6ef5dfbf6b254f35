import type { ErrorCode } from '@shared/errors';
import { PROTOCOL_VERSION } from '@shared/schemas/sync';
import { testPassword, uniqueEmail } from '../testing/test-server';
import type { Actor, Rule } from './rules';
import {
  addViewer,
  freshAccount,
  offerOwnership,
  personOf,
  sandboxOrg,
  secondSession,
  targetInvitation,
  targetMember,
  targetRole,
} from './world';
import type { Account, World } from './world';
import { apiKeyRouteRows } from './rows/api-keys';
import { botRouteRows } from './rows/bots';
import { triggerRouteRows } from './rows/triggers';
import { usageRouteRows } from './rows/usage';

/** One case of a row: who asks, in which world. */
export type Cx = { world: World; actor: Actor };

/**
 * The request a case makes: values for the route's path parameters (`orgId` defaults to the world's
 * org), a body, and who sends it (the actor by default; a party the case created for party rows).
 */
export type Call = {
  params?: Record<string, string>;
  body?: unknown;
  as?: Account | null;
  /** Extra request headers (a webhook's signature). */
  headers?: Record<string, string>;
};

export type RouteRow = {
  rule: Rule;
  /** Domain refusals the request is built to provoke after the checks: reaching one proves access. */
  passes?: readonly ErrorCode[];
  /** A never-ending answer (server-sent events): its status is read, then the stream is closed. */
  stream?: true;
  call?: (cx: Cx) => Promise<Call> | Call;
};

const uniqueName = (label: string) => `${label} ${crypto.randomUUID().slice(0, 8)}`;
const me = (cx: Cx) => personOf(cx.world, cx.actor);

/** A call on a fresh target, named by the path parameter it fills. */
const withTarget = (name: string, make: (world: World) => Promise<string>) => async (cx: Cx) => ({
  params: { [name]: await make(cx.world) },
});

/**
 * Every route the server registers, as `METHOD /path`, with the rule it enforces. HEAD routes are
 * left out: Fastify answers each with its GET route's handler. A route added without a row here, or a
 * row whose route is gone, fails the matrix.
 */
export const routeTable = {
  // Identity: no org involved; a session is the whole check.
  'POST /v1/auth/sign-up/email': {
    rule: 'public',
    call: () => ({ body: { email: uniqueEmail('signup'), password: testPassword, name: 'Sign-up' } }),
  },
  'POST /v1/auth/sign-in/email': {
    rule: 'public',
    call: (cx) => ({ body: { email: (me(cx) ?? cx.world.people.viewer).email, password: testPassword } }),
  },
  'POST /v1/auth/sign-out': {
    rule: 'session',
    call: async (cx) => {
      const who = me(cx);
      return { as: who && { ...who, token: (await secondSession(cx.world, who)).token } };
    },
  },
  'POST /v1/auth/verify-email': {
    rule: 'session',
    passes: ['validation_failed'],
    call: () => ({ body: { code: '000000' } }),
  },
  'POST /v1/auth/verify-email/resend': { rule: 'session' },
  'POST /v1/auth/password-reset/request': { rule: 'public', call: () => ({ body: { email: uniqueEmail('reset') } }) },
  'POST /v1/auth/password-reset/confirm': {
    rule: 'public',
    passes: ['validation_failed'],
    call: () => ({ body: { email: uniqueEmail('reset'), code: '000000', password: 'another-horse-battery' } }),
  },
  'GET /v1/me': { rule: 'session' },
  'PATCH /v1/me': { rule: 'session', call: () => ({ body: { name: 'Matrix person' } }) },
  'POST /v1/me/password': {
    rule: 'session',
    passes: ['validation_failed'],
    call: () => ({ body: { currentPassword: 'not-the-password', newPassword: 'another-horse-battery' } }),
  },
  'GET /v1/me/sessions': { rule: 'session' },
  'DELETE /v1/me/sessions/:id': {
    rule: 'session',
    call: async (cx) => {
      const who = me(cx);
      return { params: { id: who ? (await secondSession(cx.world, who)).id : crypto.randomUUID() } };
    },
  },

  // Organizations.
  'GET /v1/orgs': { rule: 'session' },
  'POST /v1/orgs': { rule: 'session', call: () => ({ body: { name: 'Made by the matrix' } }) },
  'GET /v1/orgs/:orgId': { rule: 'org.read' },
  'PATCH /v1/orgs/:orgId': { rule: 'org.update', call: () => ({ body: { description: 'Edited by the matrix' } }) },
  'DELETE /v1/orgs/:orgId': {
    rule: 'org.delete',
    call: async (cx) => {
      const org = await sandboxOrg(cx.world, cx.actor);
      return { params: { orgId: org.id }, body: { confirmSlug: org.slug } };
    },
  },
  'POST /v1/orgs/:orgId/ownership-transfers': {
    rule: 'org.transfer_ownership',
    call: async (cx) => ({ body: { memberId: await targetMember(cx.world) } }),
  },
  'POST /v1/ownership-transfers/:id/accept': {
    rule: 'recipient',
    call: async ({ world, actor }) => {
      if (actor !== 'party') return { params: { id: await offerOwnership(world, await targetMember(world)) } };
      // Accepting moves ownership: the recipient takes over an org of its own, not the matrix org.
      const recipient = await freshAccount(world, 'recipient');
      const org = await sandboxOrg(world, 'owner');
      const memberId = await addViewer(world, org.id, recipient.userId);
      return { params: { id: await offerOwnership(world, memberId, org.id) }, as: recipient };
    },
  },
  'POST /v1/ownership-transfers/:id/cancel': {
    rule: 'recipient-or-offerer',
    call: async ({ world, actor }) => {
      if (actor !== 'party') return { params: { id: await offerOwnership(world, await targetMember(world)) } };
      const recipient = await freshAccount(world, 'recipient');
      const memberId = await addViewer(world, world.org.id, recipient.userId);
      return { params: { id: await offerOwnership(world, memberId) }, as: recipient };
    },
  },

  // Members.
  'GET /v1/orgs/:orgId/members': { rule: 'members.read' },
  'PATCH /v1/orgs/:orgId/members/:memberId': {
    rule: 'members.update',
    call: async (cx) => ({ params: { memberId: await targetMember(cx.world) }, body: { status: 'deactivated' } }),
  },
  'DELETE /v1/orgs/:orgId/members/:memberId': { rule: 'members.remove', call: withTarget('memberId', targetMember) },
  'POST /v1/orgs/:orgId/leave': {
    rule: 'member',
    // The owner is told to transfer ownership first: past the membership check, refused by the rule.
    passes: ['last_owner'],
    call: async (cx) => ({ params: { orgId: (await sandboxOrg(cx.world, cx.actor)).id } }),
  },

  // Roles.
  'GET /v1/permissions': { rule: 'session' },
  'GET /v1/orgs/:orgId/roles': { rule: 'org.read' },
  'POST /v1/orgs/:orgId/roles': {
    rule: 'roles.manage',
    call: () => ({ body: { name: uniqueName('Matrix role'), rank: 5, permissions: [] } }),
  },
  'PATCH /v1/orgs/:orgId/roles/:roleId': {
    rule: 'roles.manage',
    call: async (cx) => ({ params: { roleId: await targetRole(cx.world) }, body: { name: uniqueName('Renamed') } }),
  },
  'DELETE /v1/orgs/:orgId/roles/:roleId': { rule: 'roles.manage', call: withTarget('roleId', targetRole) },

  // Audit.
  'GET /v1/orgs/:orgId/audit-events': { rule: 'audit.read' },

  // Invitations.
  'GET /v1/orgs/:orgId/invitations': { rule: 'members.invite' },
  'POST /v1/orgs/:orgId/invitations': {
    rule: 'members.invite',
    call: () => ({ body: { email: uniqueEmail('invited') } }),
  },
  'POST /v1/orgs/:orgId/invitations/:id/resend': {
    rule: 'members.invite',
    call: async (cx) => ({ params: { id: (await targetInvitation(cx.world)).invitation.id } }),
  },
  'DELETE /v1/orgs/:orgId/invitations/:id': {
    rule: 'members.invite',
    call: async (cx) => ({ params: { id: (await targetInvitation(cx.world)).invitation.id } }),
  },
  'POST /v1/invitations/lookup': { rule: 'public', call: (cx) => ({ body: { token: cx.world.lookupToken } }) },
  'POST /v1/invitations/accept': { rule: 'invitee', call: (cx) => invitationCall(cx) },
  'POST /v1/invitations/decline': { rule: 'invitee', call: (cx) => invitationCall(cx) },

  // Sync.
  'POST /v1/sync/push': {
    rule: 'session',
    call: () => ({ body: { clientId: crypto.randomUUID(), protocol: PROTOCOL_VERSION, mutations: [] } }),
  },
  'POST /v1/sync/pull': {
    rule: 'session',
    call: () => ({ body: { clientId: crypto.randomUUID(), protocol: PROTOCOL_VERSION, cursors: {} } }),
  },
  'GET /v1/sync/orgs/:orgId/snapshot': { rule: 'member' },
  'GET /v1/sync/events': { rule: 'session', stream: true },

  // Public files: health, the API description and its docs, the update feed.
  'GET /healthz': { rule: 'public' },
  'GET /v1/openapi.json': { rule: 'public' },
  'GET /docs': { rule: 'public' },
  'GET /docs/': { rule: 'public' },
  'GET /docs/json': { rule: 'public' },
  'GET /docs/yaml': { rule: 'public' },
  'GET /docs/static/*': { rule: 'public', call: () => ({ params: { '*': 'swagger-ui.css' } }) },
  'GET /docs/static/index.html': { rule: 'public' },
  'GET /docs/static/swagger-initializer.js': { rule: 'public' },
  'GET /updates/:file': { rule: 'public', call: (cx) => ({ params: { file: cx.world.updateFile } }) },
  ...apiKeyRouteRows,
  ...botRouteRows,
  ...triggerRouteRows,
  ...usageRouteRows,
} as const satisfies Record<string, RouteRow>;

export type RouteKey = keyof typeof routeTable;

/** An invitation to someone else, or — as the party — to a fresh account that then answers it. */
async function invitationCall({ world, actor }: Cx): Promise<Call> {
  if (actor !== 'party') return { body: { token: (await targetInvitation(world)).token } };
  const invitee = await freshAccount(world, 'invitee');
  return { body: { token: (await targetInvitation(world, invitee.email)).token }, as: invitee };
}
