import type { OrgSummary } from '@shared/ipc';
import { can } from '@shared/permissions';
import type { MembershipGrant, Permission } from '@shared/permissions';

/** The signed-in person's grant in an org, as `can()` expects it; the core lists only active memberships. */
export function membershipOf(summary: OrgSummary): MembershipGrant {
  return { status: 'active', role: { key: null, rank: summary.role.rank, permissions: summary.permissions } };
}

export function canIn(summary: OrgSummary, permission: Permission): boolean {
  return can(membershipOf(summary), permission);
}
