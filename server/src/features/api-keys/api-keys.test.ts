import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { ApiKey } from '@shared/schemas/automation';
import type { AuditEvent } from '@shared/schemas/people';
import { auditEvents, orgChanges } from '../../db/schema';
import { queryRows, withTx } from '../../db/tx';
import { http } from '../../testing/http';
import { startTestServer } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { account, createOrg } from '../invitations/invitation-fixtures';
import type { Account } from '../invitations/invitation-fixtures';
import { addMember, push } from '../sync/test-fixtures';
import { hashApiKey, parseApiKey } from './api-key-format';
import { createKey } from './api-key-fixtures';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function orgWith(role: 'developer' | 'co_admin') {
  const owner = await account(server, 'owner');
  const org = await createOrg(server, owner);
  const member = await account(server, role);
  await addMember(server, org.id, member.userId, role);
  return { owner, org, member };
}

const listKeys = (who: Account, orgId: string) =>
  http<{ apiKeys: ApiKey[] }>(server, 'GET', `/v1/orgs/${orgId}/api-keys`, { token: who.token });

async function auditOf(orgId: string, action: string): Promise<AuditEvent[]> {
  const rows = await withTx(server.app.database, { userId: null, orgId }, (c) =>
    c.tx
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, action))),
  );
  return rows as unknown as AuditEvent[];
}

describe('API keys', () => {
  it('creates a key whose secret is answered once and listed without it', async () => {
    const { owner, org } = await orgWith('developer');
    const created = await createKey(server, owner.token, org.id, {
      name: 'Warehouse runner',
      type: 'ai_agent',
      scopes: ['runs.execute', 'usage.read', 'runs.execute'],
    });
    expect(parseApiKey(created.secret)?.type).toBe('ai_agent');
    expect(created.apiKey).toMatchObject({
      orgId: org.id,
      name: 'Warehouse runner',
      type: 'ai_agent',
      scopes: ['runs.execute', 'usage.read'],
      createdBy: owner.userId,
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(created.secret.startsWith(created.apiKey.prefix.replace('…', ''))).toBe(true);

    const listed = await listKeys(owner, org.id);
    expect(listed.status).toBe(200);
    expect(listed.body.apiKeys).toEqual([created.apiKey]);
    expect(JSON.stringify(listed.body)).not.toContain(created.secret);
    expect(await auditOf(org.id, 'api_key.created')).toHaveLength(1);
  });

  it('stores only the SHA-256 of the secret, nowhere the secret itself, and hides even the hash from requests', async () => {
    const { owner, org } = await orgWith('developer');
    const { secret, apiKey } = await createKey(server, owner.token, org.id, { scopes: ['runs.execute'] });
    const random = secret.split('_').at(-2) ?? '';
    const db = server.app.database.db;
    const [stored] = await queryRows<{ key_hash: string; row: string }>(
      db,
      sql`SELECT key_hash, row_to_json(a)::text AS row FROM api_keys a WHERE id = ${apiKey.id}`,
    );
    expect(stored?.key_hash).toBe(hashApiKey(secret));
    expect(stored?.row).not.toContain(random);
    const logged = await db.select({ data: orgChanges.data }).from(orgChanges).where(eq(orgChanges.orgId, org.id));
    const audited = await db.select().from(auditEvents).where(eq(auditEvents.orgId, org.id));
    expect(JSON.stringify([logged, audited])).not.toContain(random);
    expect(JSON.stringify([logged, audited])).not.toContain(hashApiKey(secret));
    await expect(
      withTx(server.app.database, { userId: null, orgId: org.id }, (c) =>
        c.tx.execute(sql`SELECT key_hash FROM api_keys WHERE org_id = ${org.id}`),
      ),
    ).rejects.toThrow();
  });

  it('refuses scopes beyond the creator’s own permissions', async () => {
    const { org, member } = await orgWith('co_admin');
    // A co-admin manages keys but has no billing permissions.
    const res = await http(server, 'POST', `/v1/orgs/${org.id}/api-keys`, {
      token: member.token,
      body: { name: 'Too strong', type: 'standard', scopes: ['runs.execute', 'billing.manage'] },
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      error: { code: 'forbidden', message: expect.stringContaining('billing.manage') },
    });
    const ok = await createKey(server, member.token, org.id, { scopes: ['runs.execute', 'usage.read'] });
    expect(ok.apiKey.createdBy).toBe(member.userId);
  });

  it('lets readers list but not create or revoke', async () => {
    const { owner, org, member } = await orgWith('developer');
    const { apiKey } = await createKey(server, owner.token, org.id, { scopes: ['usage.read'] });
    expect((await listKeys(member, org.id)).body.apiKeys.map((k) => k.id)).toEqual([apiKey.id]);
    const create = await http(server, 'POST', `/v1/orgs/${org.id}/api-keys`, {
      token: member.token,
      body: { name: 'Mine', type: 'standard', scopes: ['usage.read'] },
    });
    expect(create.status).toBe(403);
    const revoke = await http(server, 'DELETE', `/v1/orgs/${org.id}/api-keys/${apiKey.id}`, { token: member.token });
    expect(revoke.status).toBe(403);
  });

  it('revokes permanently; revoking again changes nothing', async () => {
    const { owner, org } = await orgWith('developer');
    const { apiKey } = await createKey(server, owner.token, org.id, { scopes: ['usage.read'] });
    const path = `/v1/orgs/${org.id}/api-keys/${apiKey.id}`;
    expect((await http(server, 'DELETE', path, { token: owner.token })).status).toBe(200);
    const [revoked] = (await listKeys(owner, org.id)).body.apiKeys;
    expect(revoked?.revokedAt).not.toBeNull();
    expect((await http(server, 'DELETE', path, { token: owner.token })).status).toBe(200);
    const [again] = (await listKeys(owner, org.id)).body.apiKeys;
    expect(again?.revokedAt).toBe(revoked?.revokedAt);
    const events = await auditOf(org.id, 'api_key.revoked');
    expect(events).toHaveLength(1);
    const missing = await http(server, 'DELETE', `/v1/orgs/${org.id}/api-keys/${crypto.randomUUID()}`, {
      token: owner.token,
    });
    expect(missing.status).toBe(404);
  });

  it('keeps a key when its creator leaves the organization', async () => {
    const { owner, org, member } = await orgWith('co_admin');
    const { apiKey } = await createKey(server, member.token, org.id, { scopes: ['usage.read'] });
    expect((await http(server, 'POST', `/v1/orgs/${org.id}/leave`, { token: member.token })).status).toBe(200);
    const [kept] = (await listKeys(owner, org.id)).body.apiKeys;
    expect(kept).toMatchObject({ id: apiKey.id, createdBy: member.userId, createdByName: 'co_admin', revokedAt: null });
  });

  it('logs created and revoked keys as apiKey changes, and refuses to queue the online mutators', async () => {
    const { owner, org } = await orgWith('developer');
    const { apiKey } = await createKey(server, owner.token, org.id, { scopes: ['usage.read'] });
    await http(server, 'DELETE', `/v1/orgs/${org.id}/api-keys/${apiKey.id}`, { token: owner.token });
    const changes = await server.app.database.db
      .select({ entity: orgChanges.entity, data: orgChanges.data })
      .from(orgChanges)
      .where(and(eq(orgChanges.orgId, org.id), eq(orgChanges.entity, 'apiKey')));
    expect(changes.map((c) => (c.data as ApiKey).revokedAt === null)).toEqual([true, false]);
    const pushed = await push(server, owner.token, crypto.randomUUID(), [
      { id: 1, orgId: org.id, name: 'apiKey.revoke', args: { keyId: apiKey.id } },
    ]);
    expect(pushed.body.outcomes[0]).toMatchObject({ status: 'refused' });
  });
});
