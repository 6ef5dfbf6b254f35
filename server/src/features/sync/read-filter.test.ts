import { describe, expect, it } from 'vitest';
import { builtInRoleKeys, builtInRoles } from '@shared/permissions';
import type { BuiltInRoleKey, MembershipGrant } from '@shared/permissions';
import type { Change } from '@shared/schemas/sync';
import { syncEntities } from '@shared/schemas/sync';
import { coalesceChanges, readableEntities, servePage } from './read-filter';

function grant(key: BuiltInRoleKey, status: MembershipGrant['status'] = 'active'): MembershipGrant {
  const role = builtInRoles[key];
  return { status, role: { key, rank: role.rank, permissions: role.permissions } };
}

const orgId = '0190a000-0000-7000-8000-000000000001';

function change(version: number, entity: Change['entity'], entityId: string, name: string | null): Change {
  return name === null
    ? { version, entity, entityId, op: 'delete', data: null }
    : { version, entity, entityId, op: 'upsert', data: { id: entityId, name } };
}

describe('readableEntities', () => {
  // Who receives which synced entity, per built-in role: members need members.read, invitations
  // members.invite, audit events audit.read, API keys api_keys.read, bots and runners bots.read,
  // triggers triggers.read, runs runs.read, credits and alerts usage.read; ownership transfers go to
  // every member.
  const automation = ['bot', 'runner', 'trigger', 'run'];
  const usage = ['creditAccount', 'usageDay', 'alertRule', 'alertEvent'];
  const all = [
    ...['org', 'role', 'member', 'invitation', 'auditEvent', 'ownershipTransfer', 'apiKey'],
    ...automation,
    ...usage,
  ];
  const expected: Record<BuiltInRoleKey, string[]> = {
    owner: all,
    admin: all,
    co_admin: all,
    manager: ['org', 'role', 'member', 'invitation', 'ownershipTransfer', ...automation, ...usage],
    developer: ['org', 'role', 'member', 'ownershipTransfer', 'apiKey', ...automation, ...usage],
    finance: ['org', 'role', 'ownershipTransfer', ...usage],
    viewer: ['org', 'role', 'member', 'ownershipTransfer', ...automation, ...usage],
  };
  it.each(builtInRoleKeys)('gives %s the entities its permissions allow', (key) => {
    expect(readableEntities(grant(key), syncEntities)).toEqual(expected[key]);
  });

  it('gives a deactivated member nothing', () => {
    expect(readableEntities(grant('owner', 'deactivated'), syncEntities)).toEqual([]);
  });
});

describe('coalesceChanges', () => {
  it('keeps the latest change per entity, in version order', () => {
    const page = [
      change(1, 'org', orgId, 'First'),
      change(2, 'member', 'm1', 'Ann'),
      change(3, 'org', orgId, 'Second'),
      change(4, 'member', 'm2', 'Bob'),
      change(5, 'member', 'm1', null),
    ];
    expect(coalesceChanges(page)).toEqual([page[2], page[3], page[4]]);
  });

  it('tells apart entities that share an id', () => {
    const page = [change(1, 'role', 'x', 'Role'), change(2, 'member', 'x', 'Member')];
    expect(coalesceChanges(page)).toEqual(page);
  });
});

describe('servePage', () => {
  const page = [change(1, 'member', 'm1', 'Ann'), change(2, 'org', orgId, 'Acme'), change(3, 'member', 'm1', 'Anna')];

  it('drops member rows for finance, which lacks members.read', () => {
    expect(servePage(grant('finance'), page)).toEqual([page[1]]);
  });

  it('serves a viewer every row, coalesced', () => {
    expect(servePage(grant('viewer'), page)).toEqual([page[1], page[2]]);
  });
});
