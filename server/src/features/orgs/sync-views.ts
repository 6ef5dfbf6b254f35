import { and, asc, eq, gt } from 'drizzle-orm';
import type { Member, Org, Role } from '@shared/schemas/org';
import type { AuditEvent, Invitation, OwnershipTransfer } from '@shared/schemas/people';
import { isPermission } from '@shared/permissions';
import type { Permission } from '@shared/permissions';
import { memberships, organizations, roles, users } from '../../db/schema';
import type { MembershipRow, OrganizationRow, RoleRow } from '../../db/schema';
import type { TxContext } from '../../db/tx';
import { loadAuditEventViews } from '../audit/audit-views';
import { loadInvitationViews } from '../invitations/invitation-views';
import { loadOwnershipTransferViews } from '../ownership/transfer-views';

/** The organization as desktops store it (never secrets). */
export function orgSyncView(row: OrganizationRow): Org {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    description: row.description,
    logoUrl: row.logoUrl,
    isPersonal: row.isPersonal,
    status: row.status,
    plan: row.plan,
    ownerId: row.ownerId,
    defaultRoleId: row.defaultRoleId,
    billingAddress: row.billingAddress,
    phone: row.phone,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Permissions stored as text[]; anything not in the catalogue (a removed permission) is dropped. */
export function rolePermissions(row: Pick<RoleRow, 'permissions'>): Permission[] {
  return row.permissions.filter(isPermission);
}

export function roleSyncView(row: RoleRow): Role {
  return {
    id: row.id,
    orgId: row.orgId,
    key: row.key,
    name: row.name,
    rank: row.rank,
    permissions: rolePermissions(row),
    builtIn: row.builtIn,
  };
}

/** A membership joined with the profile fields every member may see. */
export type MemberViewRow = MembershipRow & { name: string; email: string };

export function memberSyncView(row: MemberViewRow): Member {
  return {
    id: row.id,
    orgId: row.orgId,
    userId: row.userId,
    roleId: row.roleId,
    status: row.status,
    kind: row.kind,
    alias: row.alias,
    name: row.name,
    email: row.email,
    joinedAt: row.joinedAt.toISOString(),
    lastLoginAt: row.lastLoginAt ? row.lastLoginAt.toISOString() : null,
  };
}

type SyncViews = {
  org: Org;
  role: Role;
  member: Member;
  invitation: Invitation;
  auditEvent: AuditEvent;
  ownershipTransfer: OwnershipTransfer;
};

/** One page of an org's rows as sync views, ordered by id, after `afterId` (snapshot reads). */
export async function loadSyncViews<E extends keyof SyncViews>(
  c: TxContext,
  orgId: string,
  entity: E,
  afterId: string | null,
  limit: number,
): Promise<SyncViews[E][]> {
  return (await loadRows(c, orgId, entity, afterId, limit)) as SyncViews[E][];
}

async function loadRows(c: TxContext, orgId: string, entity: keyof SyncViews, afterId: string | null, limit: number) {
  switch (entity) {
    case 'org': {
      if (afterId !== null) return [];
      const rows = await c.tx.select().from(organizations).where(eq(organizations.id, orgId));
      return rows.map(orgSyncView);
    }
    case 'role': {
      const rows = await c.tx
        .select()
        .from(roles)
        .where(and(eq(roles.orgId, orgId), afterId === null ? undefined : gt(roles.id, afterId)))
        .orderBy(asc(roles.id))
        .limit(limit);
      return rows.map(roleSyncView);
    }
    case 'member': {
      const rows = await selectMemberViews(c)
        .where(and(eq(memberships.orgId, orgId), afterId === null ? undefined : gt(memberships.id, afterId)))
        .orderBy(asc(memberships.id))
        .limit(limit);
      return rows.map((r) => memberSyncView({ ...r.membership, name: r.name, email: r.email }));
    }
    case 'invitation':
      return loadInvitationViews(c, orgId, afterId, limit);
    case 'auditEvent':
      return loadAuditEventViews(c, orgId, afterId, limit);
    case 'ownershipTransfer':
      return loadOwnershipTransferViews(c, orgId, afterId, limit);
  }
}

/** memberships joined with users, for member views; callers add the where clause. */
export function selectMemberViews(c: TxContext) {
  return c.tx
    .select({ membership: memberships, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .$dynamic();
}

/** The member view of one membership, or null. */
export async function loadMemberView(c: TxContext, orgId: string, memberId: string): Promise<Member | null> {
  const [row] = await selectMemberViews(c).where(and(eq(memberships.orgId, orgId), eq(memberships.id, memberId)));
  return row ? memberSyncView({ ...row.membership, name: row.name, email: row.email }) : null;
}
