import { AppError, assertNever } from '@shared/errors';
import { mutators } from '@shared/mutators';
import type { MutatorArgs, OptimisticMutatorName } from '@shared/mutators';
import {
  assignableRoles,
  builtInRoleKeys,
  can,
  defaultRoleMaxRank,
  mayChangeMember,
  mayDefineRole,
} from '@shared/permissions';
import type { BuiltInRoleKey, MembershipGrant, Permission, RoleGrant } from '@shared/permissions';
import type { OrgSummary } from '@shared/ipc';
import type { Role } from '@shared/schemas/org';
import type { SyncEntity } from '@shared/schemas/sync';
import type { LocalDb } from '../db/connection';
import { setOverlay } from '../db/mutations';
import { listRoles, pendingForOrg, visibleMember, visibleOrg, visibleRole } from '../db/queries';
import {
  applyAlertRuleSetEnabled,
  applyBotSetEnabled,
  checkAlertRuleSetEnabled,
  applyTriggerSetEnabled,
  checkBotSetEnabled,
  checkTriggerSetEnabled,
} from './local-automation-mutators';

/** The permission each optimistic mutator needs, checked locally so the user hears "no" at once. */
export const mutatorPermission = {
  'org.update': 'org.update',
  'member.update': 'members.update',
  'role.update': 'roles.manage',
  'bot.setEnabled': 'bots.toggle',
  'trigger.setEnabled': 'triggers.manage',
  'alertRule.setEnabled': 'alerts.manage',
} as const satisfies Record<OptimisticMutatorName, Permission>;

/** The entity each optimistic mutator writes (what the renderer re-reads). */
export const mutatorEntity = {
  'org.update': 'org',
  'member.update': 'member',
  'role.update': 'role',
  'bot.setEnabled': 'bot',
  'trigger.setEnabled': 'trigger',
  'alertRule.setEnabled': 'alertRule',
} as const satisfies Record<OptimisticMutatorName, SyncEntity>;

/** A role as `can()` and the ranking rules see it. */
export function grantOf(role: Pick<Role, 'key' | 'rank' | 'permissions'>): RoleGrant {
  const key = builtInRoleKeys.find((k) => k === role.key) ?? null;
  return { key: key as BuiltInRoleKey | null, rank: role.rank, permissions: role.permissions };
}

/** The signed-in member as the local pre-checks see them. */
export type LocalActor = MembershipGrant & { id: string };

/** The signed-in member of an org as the permission rules see them (the core lists only active memberships). */
export function actorOf(summary: OrgSummary): LocalActor {
  return {
    id: summary.memberId,
    status: 'active',
    role: grantOf({ ...summary.role, permissions: summary.permissions }),
  };
}

/**
 * Refuses locally what the server would refuse for sure (the rank and assignment rules), so the
 * person hears "no" at once; the server still decides, and a later refusal is reverted.
 */
export function checkLocal<N extends OptimisticMutatorName>(
  db: LocalDb,
  orgId: string,
  actor: LocalActor,
  name: N,
  args: MutatorArgs<N>,
): void {
  switch (name) {
    case 'org.update': {
      const { defaultRoleId } = (args as MutatorArgs<'org.update'>).patch;
      if (defaultRoleId === undefined) return;
      const role = visibleRole(db, orgId, defaultRoleId);
      if (!role) throw new AppError('not_found', 'That role does not exist in this organization');
      if (role.rank > defaultRoleMaxRank) {
        throw new AppError(
          'forbidden',
          `The default role must rank ${defaultRoleMaxRank} or below (Manager and below)`,
        );
      }
      return;
    }
    case 'member.update': {
      const { memberId, patch } = args as MutatorArgs<'member.update'>;
      const member = visibleMember(db, orgId, memberId);
      if (!member) throw new AppError('not_found', 'That member is not in this organization');
      if (member.id === actor.id) throw new AppError('forbidden', 'You cannot change your own role or status');
      const current = visibleRole(db, orgId, member.roleId);
      if (!current) throw new AppError('not_found', 'That member’s role is not on this device yet');
      if (current.key === 'owner') {
        throw new AppError('last_owner', 'The owner cannot be demoted or deactivated; transfer ownership first');
      }
      if (!mayChangeMember(actor, { id: member.id, role: grantOf(current) })) {
        throw new AppError(
          'forbidden',
          `You may change only members ranked below you (${member.name} is ${current.name})`,
        );
      }
      if (patch.roleId !== undefined && patch.roleId !== member.roleId) {
        const allowed = assignableRoles(
          actor,
          listRoles(db, orgId).map((r) => ({ ...r, key: grantOf(r).key })),
        );
        if (!allowed.some((r) => r.id === patch.roleId)) {
          throw new AppError('forbidden', 'Your role may not give that role');
        }
      }
      return;
    }
    case 'role.update': {
      const { roleId, patch } = args as MutatorArgs<'role.update'>;
      const role = visibleRole(db, orgId, roleId);
      if (!role) throw new AppError('not_found', 'That role does not exist in this organization');
      if (role.builtIn) throw new AppError('forbidden', 'Built-in roles cannot be changed');
      if (role.rank >= actor.role.rank) throw new AppError('forbidden', 'You may change only roles ranked below yours');
      const next = { rank: patch.rank ?? role.rank, permissions: patch.permissions ?? role.permissions };
      if (!mayDefineRole(actor, next)) {
        throw new AppError('forbidden', 'A role must rank below yours and grant only permissions you hold');
      }
      return;
    }
    case 'bot.setEnabled':
      return checkBotSetEnabled(db, orgId, args as MutatorArgs<'bot.setEnabled'>);
    case 'trigger.setEnabled':
      return checkTriggerSetEnabled(db, orgId, args as MutatorArgs<'trigger.setEnabled'>);
    case 'alertRule.setEnabled':
      return checkAlertRuleSetEnabled(db, orgId, args as MutatorArgs<'alertRule.setEnabled'>);
    default:
      return assertNever(name);
  }
}

/** The desktop's own implementation of each optimistic mutator: writes its effect as an overlay. */
export function applyLocal<N extends OptimisticMutatorName>(
  db: LocalDb,
  orgId: string,
  name: N,
  args: MutatorArgs<N>,
): void {
  switch (name) {
    case 'org.update': {
      const { patch } = args as MutatorArgs<'org.update'>;
      const org = visibleOrg(db, orgId);
      if (!org) throw new AppError('not_found', 'This organization is not on this device');
      setOverlay(db, 'org', orgId, { ...org, ...patch });
      return;
    }
    case 'member.update': {
      const { memberId, patch } = args as MutatorArgs<'member.update'>;
      const member = visibleMember(db, orgId, memberId);
      if (!member) throw new AppError('not_found', 'That member is not in this organization');
      setOverlay(db, 'member', orgId, { ...member, ...patch });
      return;
    }
    case 'role.update': {
      const { roleId, patch } = args as MutatorArgs<'role.update'>;
      const role = visibleRole(db, orgId, roleId);
      if (!role) throw new AppError('not_found', 'That role does not exist in this organization');
      setOverlay(db, 'role', orgId, { ...role, ...patch });
      return;
    }
    case 'bot.setEnabled':
      return applyBotSetEnabled(db, orgId, args as MutatorArgs<'bot.setEnabled'>);
    case 'trigger.setEnabled':
      return applyTriggerSetEnabled(db, orgId, args as MutatorArgs<'trigger.setEnabled'>);
    case 'alertRule.setEnabled':
      return applyAlertRuleSetEnabled(db, orgId, args as MutatorArgs<'alertRule.setEnabled'>);
    default:
      return assertNever(name);
  }
}

export function isOptimistic(name: string): name is OptimisticMutatorName {
  return Object.hasOwn(mutatorPermission, name);
}

/** Whether the actor's grant allows an optimistic mutator at all. */
export function mayRun(actor: MembershipGrant, name: OptimisticMutatorName): boolean {
  return can(actor, mutatorPermission[name]);
}

/**
 * Re-applies an org's queued mutations over freshly confirmed rows (after the overlays were cleared).
 * One that no longer applies (its row is gone) keeps its place in the queue: the server decides.
 */
export function replayPending(db: LocalDb, orgId: string): void {
  for (const m of pendingForOrg(db, orgId)) {
    if (!isOptimistic(m.name)) continue;
    const args = mutators[m.name].args.safeParse(m.args);
    if (!args.success) continue;
    try {
      applyLocal(db, orgId, m.name, args.data);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
    }
  }
}
