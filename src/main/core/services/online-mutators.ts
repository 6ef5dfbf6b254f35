import { z } from 'zod';
import { AppError, assertNever } from '@shared/errors';
import { mutators } from '@shared/mutators';
import type { MutatorArgs, MutatorName, OptimisticMutatorName } from '@shared/mutators';
import { can, mayChangeMember } from '@shared/permissions';
import { orgSchema } from '@shared/schemas/org';
import { inTransaction } from '../db/connection';
import { purgeOrg } from '../db/mutations';
import { visibleMember, visibleRole } from '../db/queries';
import { actorOf, grantOf } from '../sync/local-mutators';
import type { MutateDeps } from './mutate';
import { dispatchAutomation, isAutomationMutator } from './online-automation';
import { getOrg, setActiveOrg } from './orgs';

export type OnlineMutatorName = Exclude<MutatorName, OptimisticMutatorName>;

/** What each online mutator is called in the "needs a connection" hint. */
const labels = {
  'org.create': 'Creating an organization',
  'org.delete': 'Deleting an organization',
  'org.leave': 'Leaving an organization',
  'member.remove': 'Removing a member',
  'invitation.create': 'Inviting someone',
  'invitation.resend': 'Resending an invitation',
  'invitation.revoke': 'Revoking an invitation',
  'invitation.accept': 'Accepting an invitation',
  'invitation.decline': 'Declining an invitation',
  'role.create': 'Creating a role',
  'role.delete': 'Deleting a role',
  'ownership.transfer': 'Transferring ownership',
  'ownership.accept': 'Accepting ownership',
  'ownership.cancel': 'Cancelling an ownership transfer',
  'apiKey.create': 'Creating an API key',
  'apiKey.revoke': 'Revoking an API key',
  'bot.create': 'Creating a bot',
  'bot.update': 'Saving a bot',
  'bot.delete': 'Deleting a bot',
  'bot.runNow': 'Starting a run',
  'run.cancel': 'Cancelling a run',
  'run.retry': 'Retrying a run',
  'trigger.create': 'Creating a trigger',
  'trigger.update': 'Saving a trigger',
  'trigger.delete': 'Deleting a trigger',
  'trigger.rotateSecret': 'Rotating a webhook secret',
  'credits.topUp': 'Adding credits',
  'plan.change': 'Changing the plan',
  'alertRule.create': 'Creating an alert rule',
  'alertRule.update': 'Saving an alert rule',
  'alertRule.delete': 'Deleting an alert rule',
} as const satisfies Record<OnlineMutatorName, string>;

const empty = z.object({});
const allEntities = [
  'org',
  'role',
  'member',
  'invitation',
  'auditEvent',
  'ownershipTransfer',
  'apiKey',
  'bot',
  'runner',
  'trigger',
  'run',
  'creditAccount',
  'usageDay',
  'alertRule',
  'alertEvent',
  'orgSync',
];

/** Calls the server's REST route for an online mutator, then syncs so its effect is on this device. */
export async function mutateOnline(
  deps: MutateDeps,
  name: OnlineMutatorName,
  orgId: string | null,
  args: unknown,
): Promise<unknown> {
  try {
    const result = await dispatch(deps, name, orgId, args);
    await deps.session.workspace?.engine?.syncNow();
    return result;
  } catch (error) {
    if (error instanceof AppError && error.code === 'offline') {
      throw new AppError('offline', `${labels[name]} needs a connection to the server; try again when you are online`);
    }
    throw error;
  }
}

async function dispatch(
  deps: MutateDeps,
  name: OnlineMutatorName,
  orgId: string | null,
  raw: unknown,
): Promise<unknown> {
  const { session } = deps;
  const call = <T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, schema: z.ZodType<T>, body?: unknown) =>
    session.call((c) => c.json(method, path, schema, body));
  const org = (): string => {
    if (!orgId) throw new AppError('validation_failed', `${name} needs an organization`);
    return encodeURIComponent(orgId);
  };
  const id = (value: string) => encodeURIComponent(value);
  if (isAutomationMutator(name)) return dispatchAutomation(call, org(), name, raw);
  switch (name) {
    case 'org.create':
      return call('POST', '/v1/orgs', orgSchema, raw);
    case 'org.delete': {
      const target = org();
      await call('DELETE', `/v1/orgs/${target}`, empty, raw);
      forget(deps, orgId ?? '');
      return {};
    }
    case 'org.leave': {
      checkLeave(deps, orgId ?? '');
      await call('POST', `/v1/orgs/${org()}/leave`, empty, {});
      forget(deps, orgId ?? '');
      return {};
    }
    case 'member.remove': {
      const args = raw as MutatorArgs<'member.remove'>;
      checkRemove(deps, orgId ?? '', args.memberId);
      await call('DELETE', `/v1/orgs/${org()}/members/${id(args.memberId)}`, empty);
      return {};
    }
    case 'invitation.create':
      return call('POST', `/v1/orgs/${org()}/invitations`, mutators[name].result, raw);
    case 'invitation.resend': {
      const args = raw as MutatorArgs<'invitation.resend'>;
      return call('POST', `/v1/orgs/${org()}/invitations/${id(args.invitationId)}/resend`, mutators[name].result, {});
    }
    case 'invitation.revoke': {
      const args = raw as MutatorArgs<'invitation.revoke'>;
      await call('DELETE', `/v1/orgs/${org()}/invitations/${id(args.invitationId)}`, empty);
      return {};
    }
    case 'invitation.accept': {
      const joined = await call('POST', '/v1/invitations/accept', orgSchema, raw);
      const w = session.workspace;
      await w?.engine?.syncNow();
      // The org is now on this device: make it the active one so the app opens there.
      if (w) setActiveOrg(w.db, deps.prefs, w.user.id, joined.id);
      return joined;
    }
    case 'invitation.decline':
      await call('POST', '/v1/invitations/decline', empty, raw);
      return {};
    case 'role.create':
      return call('POST', `/v1/orgs/${org()}/roles`, mutators[name].result, raw);
    case 'role.delete': {
      const args = raw as MutatorArgs<'role.delete'>;
      await call('DELETE', `/v1/orgs/${org()}/roles/${id(args.roleId)}`, empty);
      return {};
    }
    case 'ownership.transfer':
      return call('POST', `/v1/orgs/${org()}/ownership-transfers`, mutators[name].result, raw);
    case 'ownership.accept': {
      const args = raw as MutatorArgs<'ownership.accept'>;
      await call('POST', `/v1/ownership-transfers/${id(args.transferId)}/accept`, empty, {});
      return {};
    }
    case 'ownership.cancel': {
      const args = raw as MutatorArgs<'ownership.cancel'>;
      await call('POST', `/v1/ownership-transfers/${id(args.transferId)}/cancel`, empty, {});
      return {};
    }
    default:
      return assertNever(name);
  }
}

/** Drops an org this user no longer belongs to: its rows, pending changes and sync state. */
function forget(deps: MutateDeps, orgId: string): void {
  const w = deps.session.workspace;
  if (w) inTransaction(w.db, () => purgeOrg(w.db, orgId));
  deps.events.emit('data.changed', { orgIds: [orgId], entities: allEntities });
}

function checkLeave(deps: MutateDeps, orgId: string): void {
  const w = deps.session.workspace;
  if (!w) return;
  const summary = getOrg(w.db, orgId);
  if (summary.org.isPersonal) throw new AppError('forbidden', 'Your personal workspace cannot be left');
  if (summary.role.key === 'owner') {
    throw new AppError('last_owner', `You own ${summary.org.name}: transfer ownership before you leave`);
  }
}

function checkRemove(deps: MutateDeps, orgId: string, memberId: string): void {
  const w = deps.session.workspace;
  if (!w) return;
  const actor = actorOf(getOrg(w.db, orgId));
  if (!can(actor, 'members.remove')) throw new AppError('forbidden', 'Your role does not allow removing members');
  const member = visibleMember(w.db, orgId, memberId);
  const role = member ? visibleRole(w.db, orgId, member.roleId) : null;
  if (!member || !role) return;
  if (role.key === 'owner') throw new AppError('last_owner', 'The owner cannot be removed; transfer ownership first');
  if (!mayChangeMember(actor, { id: member.id, role: grantOf(role) })) {
    throw new AppError('forbidden', `You may remove only members ranked below you (${member.name} is ${role.name})`);
  }
}
