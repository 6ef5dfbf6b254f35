import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Role } from '@shared/schemas/org';
import { openUserDb, userDataDir } from './connection';
import { insertOutbox, takeMutationId, upsertMembership, upsertRows } from './mutations';
import { getMeta, listOrgSync, unpushedOutbox, visibleOrg } from './queries';

const userId = '0196b4a0-0000-7000-8000-000000000001';
const orgId = '0196b4a0-0000-7000-8000-0000000000aa';
const now = new Date().toISOString();
const org = {
  id: orgId,
  name: 'Acme',
  slug: 'acme',
  description: '',
  logoUrl: null,
  isPersonal: false,
  status: 'active',
  plan: 'free',
  ownerId: userId,
  defaultRoleId: null,
  billingAddress: '',
  phone: '',
  createdAt: now,
  updatedAt: now,
} as const;
const role: Role = {
  id: '0196b4a0-0000-7000-8000-0000000000bb',
  orgId,
  key: 'owner',
  name: 'Owner',
  rank: 100,
  permissions: ['org.read'],
  builtIn: true,
};

describe('local database', () => {
  it('keeps its client id and mutation ids across reopening', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'botdesk-db-'));
    const db = openUserDb(dataDir, userId);
    const { clientId } = getMeta(db);
    const first = takeMutationId(db);
    insertOutbox(db, { id: first, orgId, name: 'org.update', args: { patch: { name: 'x' } } });
    db.close();

    const reopened = openUserDb(dataDir, userId);

    expect(getMeta(reopened).clientId).toBe(clientId);
    expect(takeMutationId(reopened)).toBe(first + 1);
    expect(unpushedOutbox(reopened, 10).map((m) => m.args)).toEqual([{ patch: { name: 'x' } }]);
    reopened.close();
  });

  it('stores each user under their own folder and refuses ids that could leave it', () => {
    expect(userDataDir('/data', userId)).toBe(join('/data', 'users', userId));
    expect(() => userDataDir('/data', '../other')).toThrow(/Invalid user id/);
  });

  it('rejects server rows that do not match the sync view', () => {
    const db = openUserDb(mkdtempSync(join(tmpdir(), 'botdesk-db-')), userId);
    upsertMembership(db, { org, memberId: role.id, role, permissions: ['org.read'] });

    expect(() => upsertRows(db, orgId, 'org', [{ ...org, plan: 'galactic' }])).toThrow();
    upsertRows(db, orgId, 'org', [org]);

    expect(visibleOrg(db, orgId)?.name).toBe('Acme');
    expect(listOrgSync(db)[0]).toMatchObject({ orgId, state: 'bootstrapping' });
    db.close();
  });
});
