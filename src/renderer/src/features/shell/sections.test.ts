import { describe, expect, it } from 'vitest';
import { builtInRoles } from '@shared/permissions';
import type { BuiltInRoleKey } from '@shared/permissions';
import { maySeeSection, visibleSections } from './sections';

const labels = (key: BuiltInRoleKey) => {
  const v = visibleSections(builtInRoles[key].permissions);
  return {
    workspace: v.workspace.map((s) => s.label),
    console: v.console.map((s) => s.label),
    billing: v.billing.map((s) => s.label),
  };
};

const fullConsole = [
  'People',
  'Roles & Permissions',
  'Bots',
  'Bot Run History',
  'App Triggers',
  'API Keys',
  'Platform Usage',
  'Audit Log',
  'Organization Profile',
];

describe('sidebar sections follow permissions', () => {
  it.each([
    ['owner', { workspace: ['Overview'], console: fullConsole, billing: ['Billing'] }],
    ['admin', { workspace: ['Overview'], console: fullConsole, billing: ['Billing'] }],
    ['co_admin', { workspace: ['Overview'], console: fullConsole, billing: [] }],
    [
      'manager',
      {
        workspace: ['Overview'],
        console: [
          'People',
          'Roles & Permissions',
          'Bots',
          'Bot Run History',
          'App Triggers',
          'Platform Usage',
          'Organization Profile',
        ],
        billing: [],
      },
    ],
    [
      'developer',
      {
        workspace: ['Overview'],
        console: [
          'People',
          'Roles & Permissions',
          'Bots',
          'Bot Run History',
          'App Triggers',
          'API Keys',
          'Platform Usage',
          'Organization Profile',
        ],
        billing: [],
      },
    ],
    ['finance', { workspace: ['Overview', 'Platform Usage'], console: [], billing: ['Billing'] }],
    ['viewer', { workspace: ['Overview', 'Bots', 'Bot Run History', 'Platform Usage'], console: [], billing: [] }],
  ] as const)('%s sees its sections', (role, expected) => {
    expect(labels(role)).toEqual(expected);
  });

  it('refuses a deep link to a section the member cannot see', () => {
    expect(maySeeSection(builtInRoles.viewer.permissions, 'audit')).toBe(false);
    expect(maySeeSection(builtInRoles.viewer.permissions, 'runs')).toBe(true);
    expect(maySeeSection(builtInRoles.finance.permissions, 'billing')).toBe(true);
    expect(maySeeSection(builtInRoles.finance.permissions, 'usage')).toBe(true);
    expect(maySeeSection([], 'usage')).toBe(false);
  });

  it('shows nothing but Overview to a member with no permissions', () => {
    const v = visibleSections([]);
    expect([...v.workspace, ...v.console, ...v.billing].map((s) => s.label)).toEqual(['Overview']);
  });
});
