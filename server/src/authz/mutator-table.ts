import { randomBytes } from 'node:crypto';
import type { MutatorName } from '@shared/mutators';
import { uniqueEmail } from '../testing/test-server';
import type { RouteKey } from './route-table';
import { targetMember, targetRole } from './world';
import type { World } from './world';
import { apiKeyMutatorRows } from './rows/api-keys';
import { botMutatorRows } from './rows/bots';
import { triggerMutatorRows } from './rows/triggers';
import { usageMutatorRows } from './rows/usage';

export type MutatorRow = {
  /** The REST route that runs the same service: an optimistic mutator pushed must obey its rule. */
  route: RouteKey;
  /** Valid arguments against fresh targets, so a refusal is about who asks, never about the args. */
  args: (world: World) => Promise<unknown> | unknown;
};

/** An invitation code of the right shape; no invitation has it. */
const someToken = () => `${randomBytes(31).toString('base64url').slice(0, 42)}A`;

/**
 * Every mutator in @shared/mutators (the type makes a missing one a compile error; the matrix checks
 * again at run time), with its REST twin. Online ones are refused by push for every member whatever
 * their role: they need the server's answer.
 */
export const mutatorTable = {
  'org.update': { route: 'PATCH /v1/orgs/:orgId', args: () => ({ patch: { description: 'Pushed by the matrix' } }) },
  'org.create': { route: 'POST /v1/orgs', args: () => ({ name: 'Queued org' }) },
  // Never the org's real slug: were push ever to run it, the matrix org would survive.
  'org.delete': { route: 'DELETE /v1/orgs/:orgId', args: () => ({ confirmSlug: 'not-this-org' }) },
  'org.leave': { route: 'POST /v1/orgs/:orgId/leave', args: () => ({}) },
  'member.update': {
    route: 'PATCH /v1/orgs/:orgId/members/:memberId',
    args: async (world) => ({ memberId: await targetMember(world), patch: { status: 'deactivated' } }),
  },
  'member.remove': {
    route: 'DELETE /v1/orgs/:orgId/members/:memberId',
    args: async (world) => ({ memberId: await targetMember(world) }),
  },
  'invitation.create': { route: 'POST /v1/orgs/:orgId/invitations', args: () => ({ email: uniqueEmail('queued') }) },
  'invitation.resend': {
    route: 'POST /v1/orgs/:orgId/invitations/:id/resend',
    args: () => ({ invitationId: crypto.randomUUID() }),
  },
  'invitation.revoke': {
    route: 'DELETE /v1/orgs/:orgId/invitations/:id',
    args: () => ({ invitationId: crypto.randomUUID() }),
  },
  'invitation.accept': { route: 'POST /v1/invitations/accept', args: () => ({ token: someToken() }) },
  'invitation.decline': { route: 'POST /v1/invitations/decline', args: () => ({ token: someToken() }) },
  'role.create': {
    route: 'POST /v1/orgs/:orgId/roles',
    args: () => ({ name: `Queued ${crypto.randomUUID().slice(0, 8)}`, rank: 5, permissions: [] }),
  },
  'role.update': {
    route: 'PATCH /v1/orgs/:orgId/roles/:roleId',
    args: async (world) => ({
      roleId: await targetRole(world),
      patch: { name: `Pushed ${crypto.randomUUID().slice(0, 8)}` },
    }),
  },
  'role.delete': {
    route: 'DELETE /v1/orgs/:orgId/roles/:roleId',
    args: async (world) => ({ roleId: await targetRole(world) }),
  },
  'ownership.transfer': {
    route: 'POST /v1/orgs/:orgId/ownership-transfers',
    args: async (world) => ({ memberId: await targetMember(world) }),
  },
  'ownership.accept': {
    route: 'POST /v1/ownership-transfers/:id/accept',
    args: () => ({ transferId: crypto.randomUUID() }),
  },
  'ownership.cancel': {
    route: 'POST /v1/ownership-transfers/:id/cancel',
    args: () => ({ transferId: crypto.randomUUID() }),
  },
  ...apiKeyMutatorRows,
  ...botMutatorRows,
  ...triggerMutatorRows,
  ...usageMutatorRows,
} as const satisfies Record<MutatorName, MutatorRow>;
