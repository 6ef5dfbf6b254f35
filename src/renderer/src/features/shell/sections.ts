import type { Permission } from '@shared/permissions';

export type SectionKey =
  | 'overview'
  | 'people'
  | 'roles'
  | 'bots'
  | 'runs'
  | 'triggers'
  | 'api-keys'
  | 'usage'
  | 'audit'
  | 'profile'
  | 'billing';

export type Section = {
  key: SectionKey;
  label: string;
  /** Path under `/orgs/:orgId/`; '' is the org's home. */
  path: string;
  /** What a member needs to see it; null: every member. */
  permission: Permission | null;
  /** `console`: the Organization Console, for members who manage the org; `workspace`: everyone; `billing`. */
  group: 'workspace' | 'console' | 'billing';
  /** Console sections that members without management rights still see (by their read permission). */
  alsoForMembers?: boolean;
};

/** The sidebar as data: section → permission. Nothing here compares role names. */
export const sections: readonly Section[] = [
  { key: 'overview', label: 'Overview', path: '', permission: null, group: 'workspace' },
  { key: 'people', label: 'People', path: 'people', permission: 'members.read', group: 'console' },
  { key: 'roles', label: 'Roles & Permissions', path: 'roles', permission: 'members.read', group: 'console' },
  { key: 'bots', label: 'Bots', path: 'bots', permission: 'bots.read', group: 'console', alsoForMembers: true },
  {
    key: 'runs',
    label: 'Bot Run History',
    path: 'runs',
    permission: 'runs.read',
    group: 'console',
    alsoForMembers: true,
  },
  { key: 'triggers', label: 'App Triggers', path: 'triggers', permission: 'triggers.read', group: 'console' },
  { key: 'api-keys', label: 'API Keys', path: 'api-keys', permission: 'api_keys.read', group: 'console' },
  {
    key: 'usage',
    label: 'Platform Usage',
    path: 'usage',
    permission: 'usage.read',
    group: 'console',
    alsoForMembers: true,
  },
  { key: 'audit', label: 'Audit Log', path: 'audit', permission: 'audit.read', group: 'console' },
  { key: 'profile', label: 'Organization Profile', path: 'profile', permission: 'org.read', group: 'console' },
  { key: 'billing', label: 'Billing', path: 'billing', permission: 'billing.read', group: 'billing' },
];

/** Holding any of these makes a member one who manages the organization and opens the Console. */
export const managementPermissions: readonly Permission[] = [
  'org.update',
  'members.invite',
  'members.update',
  'members.remove',
  'roles.manage',
  'api_keys.manage',
  'bots.manage',
  'triggers.manage',
  'audit.read',
];

export function managesOrg(permissions: readonly Permission[]): boolean {
  return managementPermissions.some((p) => permissions.includes(p));
}

export type VisibleSections = { workspace: Section[]; console: Section[]; billing: Section[] };

/** Which sections a member with these permissions sees, grouped as the sidebar shows them. */
export function visibleSections(permissions: readonly Permission[]): VisibleSections {
  const allowed = (s: Section) =>
    s.permission === null ||
    permissions.includes(s.permission) ||
    (s.group === 'billing' && permissions.includes('billing.manage'));
  const manager = managesOrg(permissions);
  const workspace = sections.filter(
    (s) => allowed(s) && (s.group === 'workspace' || (!manager && s.alsoForMembers === true)),
  );
  const console = manager ? sections.filter((s) => allowed(s) && s.group === 'console') : [];
  const billing = sections.filter((s) => allowed(s) && s.group === 'billing');
  return { workspace, console, billing };
}

/** Whether a member may open a section by its key (a deep link to a hidden section is refused). */
export function maySeeSection(permissions: readonly Permission[], key: SectionKey): boolean {
  const v = visibleSections(permissions);
  return [...v.workspace, ...v.console, ...v.billing].some((s) => s.key === key);
}
