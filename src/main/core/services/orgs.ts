import { AppError } from '@shared/errors';
import type { OrgSummary } from '@shared/ipc';
import type { Member, Role } from '@shared/schemas/org';
import type { LocalDb } from '../db/connection';
import { countMembers, getOrgSync, listMembers, listOrgSync, listRoles, visibleOrg } from '../db/queries';
import type { OrgSyncRow } from '../db/queries';
import type { PrefsStore } from '../ports';

/** Every org of the signed-in user on this device, with how complete its local copy is. */
export function listOrgs(db: LocalDb): OrgSummary[] {
  return listOrgSync(db)
    .map((row) => summarize(db, row))
    .sort((a, b) => Number(b.org.isPersonal) - Number(a.org.isPersonal) || a.org.name.localeCompare(b.org.name));
}

export function getOrg(db: LocalDb, orgId: string): OrgSummary {
  const row = getOrgSync(db, orgId);
  if (!row) throw new AppError('not_found', 'This organization is not on this device');
  return summarize(db, row);
}

function summarize(db: LocalDb, row: OrgSyncRow): OrgSummary {
  const { membership } = row;
  // Until its snapshot is stored, an org shows what the membership list said about it.
  const org = (row.state === 'ready' ? visibleOrg(db, row.orgId) : null) ?? membership.org;
  return {
    org,
    memberId: membership.memberId,
    role: membership.role,
    permissions: membership.permissions,
    local: { state: row.state, progress: row.state === 'ready' ? 1 : row.progress },
  };
}

/** The org to open: the one last used (if still here), else the personal workspace, else the first. */
export function lastActiveOrg(db: LocalDb, prefs: PrefsStore, userId: string): string | null {
  const orgs = listOrgs(db);
  const remembered = prefs.get('lastActiveOrgByUser')[userId];
  if (remembered && orgs.some((o) => o.org.id === remembered)) return remembered;
  return (orgs.find((o) => o.org.isPersonal) ?? orgs[0])?.org.id ?? null;
}

export function setActiveOrg(db: LocalDb, prefs: PrefsStore, userId: string, orgId: string): void {
  getOrg(db, orgId);
  prefs.set('lastActiveOrgByUser', { ...prefs.get('lastActiveOrgByUser'), [userId]: orgId });
}

export function membersOf(db: LocalDb, orgId: string): Member[] {
  requireReady(db, orgId);
  return listMembers(db, orgId);
}

/** Member counts without sending the rows (the Overview shows only the number). */
export function memberCountsOf(db: LocalDb, orgId: string): { active: number; total: number } {
  requireReady(db, orgId);
  return countMembers(db, orgId);
}

export function rolesOf(db: LocalDb, orgId: string): Role[] {
  requireReady(db, orgId);
  return listRoles(db, orgId);
}

/** A half-downloaded org is never shown as if complete. */
export function requireReady(db: LocalDb, orgId: string): void {
  const summary = getOrg(db, orgId);
  if (summary.local.state !== 'ready') {
    throw new AppError('conflict', `${summary.org.name} is still downloading to this device; try again in a moment`);
  }
}
