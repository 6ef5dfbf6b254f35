/**
 * The permission catalogue and the built-in role matrix: the only place that knows what a role
 * may do. Everything else asks `can(membership, permission)`.
 */
export const permissions = [
  'org.read',
  'org.update',
  'org.delete',
  'org.transfer_ownership',
  'org.export',
  'members.read',
  'members.invite',
  'members.update',
  'members.remove',
  'roles.manage',
  'api_keys.read',
  'api_keys.manage',
  'bots.read',
  'bots.manage',
  'bots.toggle',
  'triggers.read',
  'triggers.manage',
  'runs.read',
  'runs.execute',
  'usage.read',
  'alerts.manage',
  'billing.read',
  'billing.manage',
  'audit.read',
] as const;

export type Permission = (typeof permissions)[number];

/** One sentence per permission, as the roles page and `GET /v1/permissions` show it. */
export const permissionDescriptions = {
  'org.read': 'See the organization, its members list and its roles.',
  'org.update': 'Change the organization profile and settings, including the default role.',
  'org.delete': 'Delete the organization and all of its data.',
  'org.transfer_ownership': 'Offer ownership of the organization to another member.',
  'org.export': "Export the organization's data.",
  'members.read': 'See who belongs to the organization and their roles.',
  'members.invite': 'Invite people by email and see pending invitations.',
  'members.update': 'Change the role of members ranked below you, deactivate or reactivate them.',
  'members.remove': 'Remove members ranked below you from the organization.',
  'roles.manage': 'Create, edit and delete custom roles ranked below yours.',
  'api_keys.read': "See the organization's API keys (never their secrets).",
  'api_keys.manage': 'Create and revoke API keys.',
  'bots.read': 'See bots and their live status.',
  'bots.manage': 'Create, edit and delete bots.',
  'bots.toggle': 'Enable and disable bots.',
  'triggers.read': 'See schedules, webhooks and other triggers.',
  'triggers.manage': 'Create, edit and delete triggers.',
  'runs.read': 'See the run history of every bot.',
  'runs.execute': 'Start, cancel and retry runs, and serve runs as a runner.',
  'usage.read': 'See credit usage and the remaining balance.',
  'alerts.manage': 'Create and edit low-credit alert rules.',
  'billing.read': 'See the plan, invoices and billing details.',
  'billing.manage': 'Change the plan and buy credits.',
  'audit.read': "Read the organization's audit log.",
} as const satisfies Record<Permission, string>;

export const permissionGroups = [
  {
    key: 'org',
    name: 'Organization',
    permissions: ['org.read', 'org.update', 'org.delete', 'org.transfer_ownership', 'org.export'],
  },
  {
    key: 'people',
    name: 'People & roles',
    permissions: ['members.read', 'members.invite', 'members.update', 'members.remove', 'roles.manage'],
  },
  {
    key: 'automation',
    name: 'Automation',
    permissions: [
      'api_keys.read',
      'api_keys.manage',
      'bots.read',
      'bots.manage',
      'bots.toggle',
      'triggers.read',
      'triggers.manage',
      'runs.read',
      'runs.execute',
    ],
  },
  {
    key: 'usage',
    name: 'Usage & billing',
    permissions: ['usage.read', 'alerts.manage', 'billing.read', 'billing.manage'],
  },
  { key: 'audit', name: 'Audit', permissions: ['audit.read'] },
] as const satisfies readonly { key: string; name: string; permissions: readonly Permission[] }[];

export const builtInRoleKeys = ['owner', 'admin', 'co_admin', 'manager', 'developer', 'finance', 'viewer'] as const;
export type BuiltInRoleKey = (typeof builtInRoleKeys)[number];

const all = permissions;
const except = (...left: Permission[]): readonly Permission[] => all.filter((p) => !left.includes(p));
const family = (prefix: string): Permission[] => all.filter((p) => p.startsWith(`${prefix}.`));

/** Built-in roles: rank, display name, permissions, and the highest rank the role may assign. */
export const builtInRoles = {
  owner: { name: 'Owner', rank: 100, assignCeiling: 80, permissions: all },
  admin: { name: 'Admin', rank: 80, assignCeiling: 80, permissions: except('org.delete', 'org.transfer_ownership') },
  co_admin: {
    name: 'Co-admin',
    rank: 60,
    assignCeiling: 40,
    permissions: [
      'org.read',
      ...family('members'),
      ...family('api_keys'),
      ...family('bots'),
      ...family('triggers'),
      ...family('runs'),
      'usage.read',
      'alerts.manage',
      'audit.read',
    ],
  },
  manager: {
    name: 'Manager',
    rank: 40,
    assignCeiling: null,
    permissions: [
      'org.read',
      'members.read',
      'members.invite',
      ...family('bots'),
      ...family('triggers'),
      ...family('runs'),
      'usage.read',
    ],
  },
  developer: {
    name: 'Developer',
    rank: 20,
    assignCeiling: null,
    permissions: [
      'org.read',
      'members.read',
      ...family('bots'),
      ...family('triggers'),
      ...family('runs'),
      'usage.read',
      'api_keys.read',
    ],
  },
  finance: {
    name: 'Finance',
    rank: 15,
    assignCeiling: null,
    permissions: ['org.read', 'usage.read', ...family('billing')],
  },
  viewer: {
    name: 'Viewer',
    rank: 10,
    assignCeiling: null,
    permissions: ['org.read', 'members.read', 'bots.read', 'triggers.read', 'runs.read', 'usage.read'],
  },
} as const satisfies Record<
  BuiltInRoleKey,
  { name: string; rank: number; assignCeiling: number | null; permissions: readonly Permission[] }
>;

/** The role a membership holds, as every program sees it (built-in or custom). */
export type RoleGrant = {
  key: BuiltInRoleKey | null;
  rank: number;
  permissions: readonly Permission[];
};

/** What a permission check needs of a membership. */
export type MembershipGrant = {
  status: 'active' | 'deactivated';
  role: RoleGrant;
};

/** The one permission function. Deactivated memberships can do nothing. */
export function can(membership: MembershipGrant | null | undefined, permission: Permission): boolean {
  if (!membership || membership.status !== 'active') return false;
  return membership.role.permissions.includes(permission);
}

/** Ranks of default roles must stay at or below this (DESIGN: "ranked 40 or below"). */
export const defaultRoleMaxRank = 40;
export const ownerRank = builtInRoles.owner.rank;

/**
 * The highest rank an actor may assign: the built-in ceiling for built-in roles; a custom role
 * assigns by the ceiling of the highest built-in role at or below its rank that has one, and only
 * when it holds `members.update`.
 */
export function assignCeiling(role: RoleGrant): number | null {
  if (role.key) return builtInRoles[role.key].assignCeiling;
  if (!role.permissions.includes('members.update')) return null;
  const below = builtInRoleKeys
    .map((k) => builtInRoles[k])
    .filter((r) => r.rank <= role.rank && r.assignCeiling !== null)
    .sort((a, b) => b.rank - a.rank)[0];
  return below ? Math.min(below.assignCeiling ?? 0, role.rank - 1) : null;
}

/** The roles (from those given) an actor may assign to someone; never owner (ownership moves by transfer). */
export function assignableRoles<R extends { rank: number; key: BuiltInRoleKey | null }>(
  actor: MembershipGrant,
  roles: readonly R[],
): R[] {
  if (actor.status !== 'active') return [];
  const ceiling = assignCeiling(actor.role);
  if (ceiling === null) return [];
  return roles.filter((r) => r.key !== 'owner' && r.rank < ownerRank && r.rank <= ceiling);
}

/** An actor may change another member only if it outranks them, and never itself. */
export function mayChangeMember(
  actor: MembershipGrant & { id: string },
  target: { id: string; role: RoleGrant },
): boolean {
  if (actor.status !== 'active' || actor.id === target.id) return false;
  return actor.role.rank > target.role.rank;
}

/** A custom role may be created by an actor only below its rank and within its permissions. */
export function mayDefineRole(
  actor: MembershipGrant,
  role: { rank: number; permissions: readonly Permission[] },
): boolean {
  if (!can(actor, 'roles.manage')) return false;
  if (role.rank >= actor.role.rank || role.rank < 1) return false;
  return role.permissions.every((p) => actor.role.permissions.includes(p));
}

export function isPermission(value: string): value is Permission {
  return (permissions as readonly string[]).includes(value);
}
