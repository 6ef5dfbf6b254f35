import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '@shared/errors';
import type { BuiltInRoleKey, RoleGrant } from '@shared/permissions';
import type { Member } from '@shared/schemas/org';
import { memberships, roles } from '../../db/schema';
import type { MembershipRow, RoleRow } from '../../db/schema';
import type { TxContext } from '../../db/tx';
import { recordChange } from '../sync/change-log';
import { roleGrant } from '../orgs/membership';
import { loadMemberView } from '../orgs/sync-views';

// Reads and writes of memberships shared by the members, roles and ownership features.

/** A member of the org with its role, as the rules need it. */
export type Target = { membership: MembershipRow; role: RoleRow; grant: RoleGrant; view: Member };

const memberNotFound = () => new AppError('not_found', 'Member not found');

/** The member with its role; a member of another org answers not_found like a missing one. */
export async function loadTarget(c: TxContext, orgId: string, memberId: string): Promise<Target> {
  const [row] = await c.tx
    .select({ membership: memberships, role: roles })
    .from(memberships)
    .innerJoin(roles, and(eq(roles.orgId, memberships.orgId), eq(roles.id, memberships.roleId)))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.id, memberId)));
  const view = row ? await loadMemberView(c, orgId, memberId) : null;
  if (!row || !view) throw memberNotFound();
  return { membership: row.membership, role: row.role, grant: roleGrant(row.role), view };
}

export async function findRole(c: TxContext, orgId: string, roleId: string): Promise<RoleRow | null> {
  const [row] = await c.tx
    .select()
    .from(roles)
    .where(and(eq(roles.orgId, orgId), eq(roles.id, roleId)));
  return row ?? null;
}

export async function builtInRole(c: TxContext, orgId: string, key: BuiltInRoleKey): Promise<RoleRow> {
  const [row] = await c.tx
    .select()
    .from(roles)
    .where(and(eq(roles.orgId, orgId), eq(roles.key, key)));
  if (!row) throw new AppError('internal', `Built-in role ${key} is missing`);
  return row;
}

/** Sets a member's role and/or status and logs the new member view; returns it. */
export async function writeMember(
  c: TxContext,
  orgId: string,
  memberId: string,
  set: { roleId?: string; status?: MembershipRow['status'] },
): Promise<Member> {
  await c.tx
    .update(memberships)
    .set({ ...set, updatedAt: sql`now()` })
    .where(and(eq(memberships.orgId, orgId), eq(memberships.id, memberId)));
  const view = await loadMemberView(c, orgId, memberId);
  if (!view) throw memberNotFound();
  await recordChange(c, { orgId, entity: 'member', entityId: memberId, op: 'upsert', data: view });
  return view;
}

/** Audit fields describing a member's role. */
export function roleFacts(role: RoleRow): { roleId: string; roleName: string } {
  return { roleId: role.id, roleName: role.name };
}
