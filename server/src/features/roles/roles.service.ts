import { and, asc, count, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import { AppError, assert } from '@shared/errors';
import { mayDefineRole, permissionDescriptions, permissionGroups } from '@shared/permissions';
import type { Permission } from '@shared/permissions';
import type { Role } from '@shared/schemas/org';
import type { createRoleBodySchema, permissionCatalogueSchema, rolePatchSchema } from '@shared/schemas/people';
import { memberships, organizations, roles } from '../../db/schema';
import type { RoleRow } from '../../db/schema';
import type { TxContext } from '../../db/tx';
import { recordAudit } from '../audit/audit.service';
import { recordChange, recordMembershipEvent, recordRoleGrantChange } from '../sync/change-log';
import { moveInvitationsToRole } from '../invitations/invitations.service';
import { requireMember } from '../orgs/membership';
import type { MemberGrant } from '../orgs/membership';
import { loadMemberView, rolePermissions, roleSyncView } from '../orgs/sync-views';
import { builtInRole, findRole } from '../members/member-store';

type CreateRoleBody = z.infer<typeof createRoleBodySchema>;
type RolePatch = z.infer<typeof rolePatchSchema>;
/** A role as the roles page lists it: the sync view plus how many members hold it. */
export type RoleWithCount = Role & { memberCount: number };

/** The permission catalogue, grouped, with one sentence per permission (`GET /v1/permissions`). */
export function permissionCatalogue(): z.infer<typeof permissionCatalogueSchema> {
  return {
    groups: permissionGroups.map((g) => ({
      key: g.key,
      name: g.name,
      permissions: g.permissions.map((key: Permission) => ({ key, description: permissionDescriptions[key] })),
    })),
  };
}

/** The org's roles with member counts, highest rank first (any member: roles are org.read in sync too). */
export async function listRoles(c: TxContext, orgId: string): Promise<RoleWithCount[]> {
  await requireMember(c, orgId, 'org.read');
  const rows = await c.tx
    .select()
    .from(roles)
    .where(eq(roles.orgId, orgId))
    .orderBy(sql`${roles.rank} DESC`, asc(roles.name));
  const counts = await c.tx
    .select({ roleId: memberships.roleId, n: count() })
    .from(memberships)
    .where(eq(memberships.orgId, orgId))
    .groupBy(memberships.roleId);
  const byRole = new Map(counts.map((r) => [r.roleId, r.n]));
  return rows.map((r) => ({ ...roleSyncView(r), memberCount: byRole.get(r.id) ?? 0 }));
}

function defineGuard(actor: MemberGrant, role: { rank: number; permissions: readonly Permission[] }): void {
  if (role.rank >= actor.role.rank) {
    throw new AppError('forbidden', `A role you define must rank below yours (${actor.role.rank})`);
  }
  if (!mayDefineRole(actor, role)) {
    const extra = role.permissions.filter((p) => !actor.role.permissions.includes(p));
    throw new AppError('forbidden', `You may grant only permissions you hold (not ${extra.join(', ')})`);
  }
}

async function assertNameFree(c: TxContext, orgId: string, name: string, exceptId?: string): Promise<void> {
  const [clash] = await c.tx
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.orgId, orgId), sql`lower(${roles.name}) = lower(${name})`));
  if (clash && clash.id !== exceptId)
    throw new AppError('conflict', `A role named "${name}" exists; choose another name`);
}

/** A custom role the actor may edit or delete: not built in, and ranked below the actor. */
async function editableRole(c: TxContext, actor: MemberGrant, orgId: string, roleId: string): Promise<RoleRow> {
  const role = await findRole(c, orgId, roleId);
  if (!role) throw new AppError('not_found', 'Role not found');
  if (role.builtIn) throw new AppError('forbidden', `${role.name} is a built-in role; it cannot be changed or deleted`);
  if (role.rank >= actor.role.rank)
    throw new AppError('forbidden', `You may change only roles ranked below yours (${actor.role.rank})`);
  return role;
}

const roleFacts = (r: RoleRow) => ({ name: r.name, rank: r.rank, permissions: rolePermissions(r) });

/** Creates a custom role (roles.manage): rank below the creator's, permissions a subset of theirs. */
export async function createRole(c: TxContext, orgId: string, body: CreateRoleBody): Promise<Role> {
  const actor = await requireMember(c, orgId, 'roles.manage');
  const permissions = [...new Set(body.permissions)];
  defineGuard(actor, { rank: body.rank, permissions });
  await assertNameFree(c, orgId, body.name);
  const [row] = await c.tx
    .insert(roles)
    .values({ orgId, id: uuidv7(), key: null, name: body.name, rank: body.rank, permissions, builtIn: false })
    .returning();
  assert(row, 'the role was inserted');
  const view = roleSyncView(row);
  await recordChange(c, { orgId, entity: 'role', entityId: row.id, op: 'upsert', data: view });
  await recordAudit(c, {
    orgId,
    actor: actor.userId,
    action: 'role.created',
    targetType: 'role',
    targetId: row.id,
    targetLabel: row.name,
    before: null,
    after: roleFacts(row),
  });
  return view;
}

/** Edits a custom role by the same rules; holders' desktops re-bootstrap when its grant changes. */
export async function updateRole(c: TxContext, orgId: string, roleId: string, patch: RolePatch): Promise<Role> {
  const actor = await requireMember(c, orgId, 'roles.manage');
  const current = await editableRole(c, actor, orgId, roleId);
  const next = {
    name: patch.name ?? current.name,
    rank: patch.rank ?? current.rank,
    permissions: patch.permissions ? [...new Set(patch.permissions)] : rolePermissions(current),
  };
  defineGuard(actor, next);
  if (patch.name !== undefined) await assertNameFree(c, orgId, next.name, roleId);
  const [row] = await c.tx
    .update(roles)
    .set({ ...next, updatedAt: sql`now()` })
    .where(and(eq(roles.orgId, orgId), eq(roles.id, roleId)))
    .returning();
  assert(row, 'the role was updated');
  const view = roleSyncView(row);
  await recordChange(c, { orgId, entity: 'role', entityId: roleId, op: 'upsert', data: view });
  const before = roleFacts(current);
  const samePermissions = [...before.permissions].sort().join() === [...next.permissions].sort().join();
  if (before.rank !== next.rank || !samePermissions) await recordRoleGrantChange(c, { orgId, roleId });
  await recordAudit(c, {
    orgId,
    actor: actor.userId,
    action: 'role.updated',
    targetType: 'role',
    targetId: roleId,
    targetLabel: row.name,
    before,
    after: roleFacts(row),
  });
  return view;
}

/**
 * Deletes a custom role (roles.manage); its members move to the org's default role, in the same
 * transaction, and so do pending invitations. The default role itself cannot be deleted.
 */
export async function deleteRole(c: TxContext, orgId: string, roleId: string): Promise<void> {
  const actor = await requireMember(c, orgId, 'roles.manage');
  const role = await editableRole(c, actor, orgId, roleId);
  const [org] = await c.tx
    .select({ defaultRoleId: organizations.defaultRoleId })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  if (org?.defaultRoleId === roleId) {
    throw new AppError('conflict', `${role.name} is the default role for invitations; choose another default first`);
  }
  const fallback =
    (org?.defaultRoleId ? await findRole(c, orgId, org.defaultRoleId) : null) ??
    (await builtInRole(c, orgId, 'viewer'));
  const moved = await c.tx
    .update(memberships)
    .set({ roleId: fallback.id, updatedAt: sql`now()` })
    .where(and(eq(memberships.orgId, orgId), eq(memberships.roleId, roleId)))
    .returning({ id: memberships.id, userId: memberships.userId, status: memberships.status });
  for (const m of moved) {
    const view = await loadMemberView(c, orgId, m.id);
    await recordChange(c, { orgId, entity: 'member', entityId: m.id, op: 'upsert', data: view });
    if (m.status === 'active') await recordMembershipEvent(c, { orgId, userId: m.userId, change: 'changed' });
  }
  await moveInvitationsToRole(c, orgId, roleId, fallback.id);
  await c.tx.delete(roles).where(and(eq(roles.orgId, orgId), eq(roles.id, roleId)));
  await recordChange(c, { orgId, entity: 'role', entityId: roleId, op: 'delete', data: null });
  await recordAudit(c, {
    orgId,
    actor: actor.userId,
    action: 'role.deleted',
    targetType: 'role',
    targetId: roleId,
    targetLabel: role.name,
    before: roleFacts(role),
    after: { membersMovedTo: { roleId: fallback.id, roleName: fallback.name }, memberCount: moved.length },
  });
}
