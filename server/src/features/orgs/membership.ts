import { and, asc, eq, sql } from 'drizzle-orm';
import { AppError } from '@shared/errors';
import { builtInRoleKeys, can } from '@shared/permissions';
import type { BuiltInRoleKey, MembershipGrant, Permission } from '@shared/permissions';
import type { MyMembership } from '@shared/schemas/org';
import { memberships, organizations, roles } from '../../db/schema';
import type { RoleRow } from '../../db/schema';
import { switchOrg } from '../../db/tx';
import type { TxContext } from '../../db/tx';
import { recordChange } from '../sync/change-log';
import { loadMemberView, orgSyncView, rolePermissions, roleSyncView } from './sync-views';

/** An active member's grant in one org, as checked on this request. */
export type MemberGrant = MembershipGrant & { memberId: string; userId: string; orgId: string; roleId: string };

function roleKey(key: string | null): BuiltInRoleKey | null {
  return key !== null && (builtInRoleKeys as readonly string[]).includes(key) ? (key as BuiltInRoleKey) : null;
}

/** The permission-check view of a role row. */
export function roleGrant(row: RoleRow): MembershipGrant['role'] {
  return { key: roleKey(row.key), rank: row.rank, permissions: rolePermissions(row) };
}

const notFound = () => new AppError('not_found', 'Organization not found');

/**
 * The caller's active membership of orgId, read now (so removal, deactivation or demotion applies at
 * once). Outsiders, former or deactivated members and orgs being deleted get not_found (a foreign id
 * answers like a missing one); members lacking `permission` get forbidden.
 */
export async function requireMember(c: TxContext, orgId: string, permission?: Permission): Promise<MemberGrant> {
  if (!c.userId) throw new AppError('unauthenticated', 'Sign in to continue');
  const [row] = await c.tx
    .select({ membership: memberships, role: roles })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .innerJoin(roles, and(eq(roles.orgId, memberships.orgId), eq(roles.id, memberships.roleId)))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, c.userId), eq(organizations.status, 'active')));
  if (!row || row.membership.status !== 'active') throw notFound();
  const grant: MemberGrant = {
    status: row.membership.status,
    role: roleGrant(row.role),
    memberId: row.membership.id,
    userId: row.membership.userId,
    orgId,
    roleId: row.membership.roleId,
  };
  if (permission && !can(grant, permission)) {
    throw new AppError('forbidden', `Your role does not allow this (needs ${permission})`);
  }
  return grant;
}

/** The caller's active memberships, in orgs not being deleted; the personal workspace first. */
export async function listMyMemberships(c: TxContext): Promise<MyMembership[]> {
  if (!c.userId) return [];
  const rows = await c.tx
    .select({ membership: memberships, org: organizations, role: roles })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .innerJoin(roles, and(eq(roles.orgId, memberships.orgId), eq(roles.id, memberships.roleId)))
    .where(and(eq(memberships.userId, c.userId), eq(memberships.status, 'active'), eq(organizations.status, 'active')))
    .orderBy(asc(organizations.createdAt));
  return rows
    .sort((a, b) => Number(b.org.isPersonal) - Number(a.org.isPersonal))
    .map((r) => ({
      org: orgSyncView(r.org),
      memberId: r.membership.id,
      role: roleSyncView(r.role),
      permissions: rolePermissions(r.role),
    }));
}

/** Stamps last_login_at on each of the caller's active memberships, so every org sees when they last signed in. */
export async function recordLastLogin(c: TxContext): Promise<void> {
  if (!c.userId) return;
  const mine = await c.tx
    .select({ orgId: memberships.orgId, id: memberships.id })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(memberships.userId, c.userId), eq(memberships.status, 'active'), eq(organizations.status, 'active')));
  for (const m of mine) {
    const scoped = await switchOrg(c, m.orgId);
    await scoped.tx
      .update(memberships)
      .set({ lastLoginAt: sql`now()` })
      .where(and(eq(memberships.orgId, m.orgId), eq(memberships.id, m.id)));
    const view = await loadMemberView(scoped, m.orgId, m.id);
    if (view)
      await recordChange(scoped, { orgId: m.orgId, entity: 'member', entityId: m.id, op: 'upsert', data: view });
  }
}
