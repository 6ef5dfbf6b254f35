import { and, asc, count, eq } from 'drizzle-orm';
import { AppError } from '@shared/errors';
import { assignableRoles, assignCeiling, mayChangeMember } from '@shared/permissions';
import type { Member } from '@shared/schemas/org';
import type { MemberPatch } from '@shared/schemas/people';
import { memberships, organizations } from '../../db/schema';
import type { TxContext } from '../../db/tx';
import { recordAudit } from '../audit/audit.service';
import { requireFreeSeat } from '../invitations/seats';
import { recordChange, recordMembershipEvent } from '../sync/change-log';
import { requireMember, roleGrant } from '../orgs/membership';
import type { MemberGrant } from '../orgs/membership';
import { memberSyncView, selectMemberViews } from '../orgs/sync-views';
import { cancelTransfersNaming } from '../ownership/ownership.service';
import { findRole, loadTarget, roleFacts, writeMember } from './member-store';
import type { Target } from './member-store';

const lastOwner = () =>
  new AppError('last_owner', 'The owner cannot be removed, demoted or deactivated; transfer ownership first');

/**
 * Who may act on whom: never on oneself (the owner is told to transfer ownership instead), only on
 * members one outranks, and never on the owner.
 */
function guardChange(actor: MemberGrant, target: Target, selfMessage: string): void {
  const isOwner = target.grant.key === 'owner';
  if (target.membership.id === actor.memberId) throw isOwner ? lastOwner() : new AppError('forbidden', selfMessage);
  if (!mayChangeMember({ ...actor, id: actor.memberId }, { id: target.membership.id, role: target.grant })) {
    throw new AppError(
      'forbidden',
      `You may change only members ranked below you (${target.view.name} is ${target.role.name})`,
    );
  }
  if (isOwner) throw lastOwner();
}

/** Every member of the org, active and deactivated (members.read). */
export async function listMembers(c: TxContext, orgId: string): Promise<Member[]> {
  await requireMember(c, orgId, 'members.read');
  const rows = await selectMemberViews(c)
    .where(eq(memberships.orgId, orgId))
    .orderBy(asc(memberships.joinedAt), asc(memberships.id));
  return rows.map((r) => memberSyncView({ ...r.membership, name: r.name, email: r.email }));
}

/** Active members: the seats the org's plan counts (deactivated members free theirs). */
export async function countSeats(c: TxContext, orgId: string): Promise<number> {
  const [row] = await c.tx
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.status, 'active')));
  return row?.n ?? 0;
}

/**
 * Changes a member's role and/or status (members.update): the actor must outrank the member and may
 * give only roles within its assignment ceiling; the owner role moves only by transfer. Takes effect
 * on the member's next request; their desktop re-bootstraps (role) or purges (deactivation) the org.
 */
export async function updateMember(c: TxContext, orgId: string, memberId: string, patch: MemberPatch): Promise<Member> {
  const actor = await requireMember(c, orgId, 'members.update');
  const target = await loadTarget(c, orgId, memberId);
  guardChange(actor, target, 'You cannot change your own role or status; ask someone ranked above you');

  const newRole =
    patch.roleId && patch.roleId !== target.role.id ? await findRole(c, orgId, patch.roleId) : target.role;
  if (!newRole) throw new AppError('validation_failed', 'That role does not exist in this organization');
  if (newRole !== target.role && assignableRoles(actor, [{ ...roleGrant(newRole) }]).length === 0) {
    const ceiling = assignCeiling(actor.role);
    throw new AppError(
      'forbidden',
      newRole.key === 'owner'
        ? 'Ownership moves only by transfer, which the new owner accepts'
        : ceiling === null
          ? 'Your role may not assign roles'
          : `You may assign only roles ranked ${ceiling} or below (${newRole.name} is ${newRole.rank})`,
    );
  }
  const status = patch.status ?? target.membership.status;
  if (newRole === target.role && status === target.membership.status) return target.view;
  if (status === 'active' && target.membership.status === 'deactivated') await requireSeatFor(c, orgId);

  const view = await writeMember(c, orgId, memberId, { roleId: newRole.id, status });
  const audit = { orgId, actor: actor.userId, targetType: 'member', targetId: memberId, targetLabel: target.view.name };
  if (newRole !== target.role) {
    await recordAudit(c, {
      ...audit,
      action: 'member.role_changed',
      before: roleFacts(target.role),
      after: roleFacts(newRole),
    });
  }
  if (status !== target.membership.status) {
    const action = status === 'deactivated' ? 'member.deactivated' : 'member.reactivated';
    await recordAudit(c, { ...audit, action, before: { status: target.membership.status }, after: { status } });
  }
  const userId = target.membership.userId;
  if (status === 'deactivated') {
    if (target.membership.status === 'active') {
      await cancelTransfersNaming(c, orgId, memberId);
      await recordMembershipEvent(c, { orgId, userId, change: 'removed' });
    }
  } else {
    await recordMembershipEvent(c, {
      orgId,
      userId,
      change: target.membership.status === 'active' ? 'changed' : 'added',
    });
  }
  return view;
}

/** A reactivated member takes a seat again; the org row lock makes concurrent seat takers count each other. */
async function requireSeatFor(c: TxContext, orgId: string): Promise<void> {
  const [org] = await c.tx
    .select({ id: organizations.id, plan: organizations.plan })
    .from(organizations)
    .where(eq(organizations.id, orgId))
    .for('update');
  if (org) await requireFreeSeat(c, org, new Date());
}

async function deleteMembership(c: TxContext, orgId: string, target: Target): Promise<void> {
  const memberId = target.membership.id;
  await cancelTransfersNaming(c, orgId, memberId);
  await c.tx.delete(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.id, memberId)));
  await recordChange(c, { orgId, entity: 'member', entityId: memberId, op: 'delete', data: null });
  await recordMembershipEvent(c, { orgId, userId: target.membership.userId, change: 'removed' });
}

/** Removes a member (members.remove) by the same rank rules; their next request answers 404. */
export async function removeMember(c: TxContext, orgId: string, memberId: string): Promise<void> {
  const actor = await requireMember(c, orgId, 'members.remove');
  const target = await loadTarget(c, orgId, memberId);
  guardChange(actor, target, 'To leave this organization, use Leave organization');
  await recordAudit(c, {
    orgId,
    actor: actor.userId,
    action: 'member.removed',
    targetType: 'member',
    targetId: memberId,
    targetLabel: target.view.name,
    before: { ...roleFacts(target.role), status: target.membership.status, email: target.view.email },
    after: null,
  });
  await deleteMembership(c, orgId, target);
}

/** The caller leaves the org; not the owner (transfer first), never the personal workspace. */
export async function leaveOrg(c: TxContext, orgId: string): Promise<void> {
  const actor = await requireMember(c, orgId);
  const target = await loadTarget(c, orgId, actor.memberId);
  if (target.grant.key === 'owner') {
    const [org] = await c.tx
      .select({ isPersonal: organizations.isPersonal })
      .from(organizations)
      .where(eq(organizations.id, orgId));
    if (org?.isPersonal) throw new AppError('forbidden', 'Your personal workspace cannot be left');
    throw new AppError('last_owner', 'You are the owner; transfer ownership before leaving');
  }
  await recordAudit(c, {
    orgId,
    actor: actor.userId,
    action: 'member.left',
    targetType: 'member',
    targetId: actor.memberId,
    targetLabel: target.view.name,
    before: { ...roleFacts(target.role), email: target.view.email },
    after: null,
  });
  await deleteMembership(c, orgId, target);
}
