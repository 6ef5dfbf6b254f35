import { describe, expect, it } from 'vitest';
import {
  assignableRoles,
  builtInRoleKeys,
  builtInRoles,
  can,
  mayChangeMember,
  mayDefineRole,
  permissions,
  type BuiltInRoleKey,
  type MembershipGrant,
  type Permission,
} from './permissions';

const grant = (key: BuiltInRoleKey, status: MembershipGrant['status'] = 'active'): MembershipGrant => ({
  status,
  role: { key, rank: builtInRoles[key].rank, permissions: builtInRoles[key].permissions },
});

// The matrix of DESIGN.md, written out independently of permissions.ts so a typo in either shows.
const expected: Record<BuiltInRoleKey, readonly Permission[]> = {
  owner: permissions,
  admin: permissions.filter((p) => p !== 'org.delete' && p !== 'org.transfer_ownership'),
  co_admin: [
    'org.read',
    'members.read',
    'members.invite',
    'members.update',
    'members.remove',
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
    'audit.read',
  ],
  manager: [
    'org.read',
    'members.read',
    'members.invite',
    'bots.read',
    'bots.manage',
    'bots.toggle',
    'triggers.read',
    'triggers.manage',
    'runs.read',
    'runs.execute',
    'usage.read',
  ],
  developer: [
    'org.read',
    'members.read',
    'bots.read',
    'bots.manage',
    'bots.toggle',
    'triggers.read',
    'triggers.manage',
    'runs.read',
    'runs.execute',
    'usage.read',
    'api_keys.read',
  ],
  finance: ['org.read', 'usage.read', 'billing.read', 'billing.manage'],
  viewer: ['org.read', 'members.read', 'bots.read', 'triggers.read', 'runs.read', 'usage.read'],
};

describe('role matrix', () => {
  const cells = builtInRoleKeys.flatMap((role) => permissions.map((permission) => ({ role, permission })));
  it.each(cells)('$role × $permission', ({ role, permission }) => {
    expect(can(grant(role), permission)).toBe(expected[role].includes(permission));
  });

  it('a deactivated member can do nothing, whatever the role', () => {
    expect(permissions.some((p) => can(grant('owner', 'deactivated'), p))).toBe(false);
  });

  it('no member means no permission', () => {
    expect(can(null, 'org.read')).toBe(false);
  });
});

describe('assignableRoles', () => {
  const roles = builtInRoleKeys.map((key) => ({ key, rank: builtInRoles[key].rank }));
  const custom = { key: null, rank: 50 };
  const table: [BuiltInRoleKey, (BuiltInRoleKey | 'custom50')[]][] = [
    ['owner', ['admin', 'custom50', 'co_admin', 'manager', 'developer', 'finance', 'viewer']],
    ['admin', ['admin', 'custom50', 'co_admin', 'manager', 'developer', 'finance', 'viewer']],
    ['co_admin', ['manager', 'developer', 'finance', 'viewer']],
    ['manager', []],
    ['developer', []],
    ['finance', []],
    ['viewer', []],
  ];
  it.each(table)('%s may assign %j', (actor, allowed) => {
    const result = assignableRoles(grant(actor), [...roles, custom])
      .map((r) => r.key ?? `custom${r.rank}`)
      .sort();
    expect(result).toEqual([...allowed].sort());
  });

  it('nobody may assign owner', () => {
    expect(assignableRoles(grant('owner'), roles).some((r) => r.key === 'owner')).toBe(false);
  });
});

describe('mayChangeMember', () => {
  it('requires outranking the member', () => {
    const admin = { id: 'a', ...grant('admin') };
    expect(mayChangeMember(admin, { id: 'b', role: grant('manager').role })).toBe(true);
    expect(mayChangeMember(admin, { id: 'b', role: grant('admin').role })).toBe(false);
    expect(mayChangeMember(admin, { id: 'b', role: grant('owner').role })).toBe(false);
  });

  it('refuses changing oneself, even for the owner', () => {
    const owner = { id: 'a', ...grant('owner') };
    expect(mayChangeMember(owner, { id: 'a', role: owner.role })).toBe(false);
  });
});

describe('mayDefineRole', () => {
  it('allows a role below the creator with a subset of its permissions', () => {
    expect(mayDefineRole(grant('admin'), { rank: 50, permissions: ['bots.read', 'runs.read'] })).toBe(true);
  });
  it('refuses a rank at or above the creator', () => {
    expect(mayDefineRole(grant('admin'), { rank: 80, permissions: ['bots.read'] })).toBe(false);
  });
  it('refuses permissions the creator lacks', () => {
    expect(mayDefineRole(grant('admin'), { rank: 10, permissions: ['org.delete'] })).toBe(false);
  });
  it('refuses creators without roles.manage', () => {
    expect(mayDefineRole(grant('co_admin'), { rank: 10, permissions: ['bots.read'] })).toBe(false);
  });
});
