import type { OrgSummary } from '@shared/ipc';
import type { Member, Role } from '@shared/schemas/org';
import type { Invitation, OwnershipTransfer } from '@shared/schemas/people';
import { invoke } from '@renderer/lib/api';
import { canIn } from '@renderer/lib/membership';
import { useAsync } from '@renderer/lib/use-async';
import { useAppStore } from '@renderer/store';

export type PeopleData = {
  members: Member[];
  roles: Role[];
  rolesById: Map<string, Role>;
  invitations: Invitation[];
  transfer: OwnershipTransfer | null;
};

/** The org's members, roles, pending invitations and ownership transfer from the local copy, re-read on every sync. */
export function usePeople(summary: OrgSummary) {
  const orgId = summary.org.id;
  const version = useAppStore((s) => s.dataVersion[orgId] ?? 0);
  const mayInvite = canIn(summary, 'members.invite');
  return useAsync<PeopleData>(async () => {
    const [members, roles, invitations, transfer] = await Promise.all([
      invoke('members.list', { orgId }),
      invoke('roles.list', { orgId }),
      mayInvite ? invoke('invitations.list', { orgId }) : Promise.resolve([]),
      invoke('ownership.pending', { orgId }),
    ]);
    return { members, roles, rolesById: new Map(roles.map((r) => [r.id, r])), invitations, transfer };
  }, `${orgId}:${version}:${mayInvite}`);
}

export const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
export const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function displayName(m: Pick<Member, 'alias' | 'name'>): string {
  return m.alias ?? m.name;
}
