import type { OrgSummary } from '@shared/ipc';
import { builtInRoleKeys, can } from '@shared/permissions';
import type { BuiltInRoleKey, MembershipGrant, Permission, RoleGrant } from '@shared/permissions';
import type { Role } from '@shared/schemas/org';

/** A role as `can()` and the ranking rules see it (built-in key narrowed, or null for custom roles). */
export function grantOf(role: Pick<Role, 'key' | 'rank' | 'permissions'>): RoleGrant {
  const key: BuiltInRoleKey | null = builtInRoleKeys.find((k) => k === role.key) ?? null;
  return { key, rank: role.rank, permissions: role.permissions };
}

/** The signed-in person's grant in an org, as `can()` expects it; the core lists only active memberships. */
export function membershipOf(summary: OrgSummary): MembershipGrant & { id: string } {
  return {
    id: summary.memberId,
    status: 'active',
    role: grantOf({ ...summary.role, permissions: summary.permissions }),
  };
}

export function canIn(summary: OrgSummary, permission: Permission): boolean {
  return can(membershipOf(summary), permission);
}

/** Roles with their key narrowed, as `assignableRoles()` takes them. */
export function grantedRoles(roles: readonly Role[]): (Role & { key: BuiltInRoleKey | null })[] {
  return roles.map((r) => ({ ...r, key: grantOf(r).key }));
}
