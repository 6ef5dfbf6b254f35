import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { memberships, roles } from '../../db/schema';
import { withTx } from '../../db/tx';
import { http } from '../../testing/http';
import { signUpUser, startTestServer, uniqueEmail } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { recordRoleGrantChange } from './change-log';
import { pruneSyncLog } from './retention';
import { addMember, createOrg, pull, removeMember, setMemberRole, snapshot } from './test-fixtures';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function newUser(label: string) {
  return signUpUser(server, { email: uniqueEmail(label), name: label });
}

/** The version a fresh bootstrap of the org starts from. */
async function bootstrapVersion(token: string, orgId: string): Promise<number> {
  const { lines } = await snapshot(server, token, orgId);
  const header = lines[0];
  expect(header?.type).toBe('header');
  return header?.type === 'header' ? header.version : -1;
}

async function rename(token: string, orgId: string, name: string) {
  expect((await http(server, 'PATCH', `/v1/orgs/${orgId}`, { token, body: { name } })).status).toBe(200);
}

describe('pull', () => {
  it('pages changes in version order, coalesced per entity, with hasMore until caught up', async () => {
    const owner = await newUser('owner');
    const other = await newUser('other');
    const org = await createOrg(server, owner.token);
    const clientId = crypto.randomUUID();
    const v0 = await bootstrapVersion(owner.token, org.id);
    for (const name of ['A', 'B', 'C']) await rename(owner.token, org.id, name);
    const memberId = await addMember(server, org.id, other.user.id, 'viewer');

    // Each rename logs the org (v0+1, +3, +5) and its audit event (+2, +4, +6); the member is v0+7.
    const first = await pull(server, owner.token, clientId, { [org.id]: v0 }, 5);
    expect(first.status).toBe(200);
    const page1 = first.body.orgs[0];
    expect(page1).toMatchObject({ orgId: org.id, version: v0 + 5, hasMore: true, reset: null });
    expect(page1?.changes.map((c) => [c.entity, c.version])).toEqual([
      ['auditEvent', v0 + 2],
      ['auditEvent', v0 + 4],
      ['org', v0 + 5],
    ]);
    expect(page1?.changes[2]).toMatchObject({ entity: 'org', op: 'upsert', data: { name: 'C' } });

    const second = await pull(server, owner.token, clientId, { [org.id]: v0 + 5 }, 5);
    const page2 = second.body.orgs[0];
    expect(page2).toMatchObject({ version: v0 + 7, hasMore: false, reset: null });
    expect(page2?.changes).toMatchObject([
      { entity: 'auditEvent', data: { action: 'org.updated', after: { name: 'C' } } },
      { entity: 'member', entityId: memberId, data: { userId: other.user.id } },
    ]);

    const caughtUp = await pull(server, owner.token, clientId, { [org.id]: v0 + 7 });
    expect(caughtUp.body.orgs[0]).toMatchObject({ changes: [], version: v0 + 7, hasMore: false, reset: null });
  });

  it('gives a finance member no member rows, but advances their cursor', async () => {
    const owner = await newUser('owner');
    const finance = await newUser('finance');
    const newcomer = await newUser('newcomer');
    const org = await createOrg(server, owner.token);
    await addMember(server, org.id, finance.user.id, 'finance');
    const v0 = await bootstrapVersion(finance.token, org.id);
    await addMember(server, org.id, newcomer.user.id, 'developer');
    await rename(owner.token, org.id, 'Renamed');

    const res = await pull(server, finance.token, crypto.randomUUID(), { [org.id]: v0 });
    const result = res.body.orgs[0];
    // member, org, and the rename's audit event, which finance (no audit.read) does not receive.
    expect(result).toMatchObject({ version: v0 + 3, hasMore: false, reset: null });
    expect(result?.changes.map((c) => c.entity)).toEqual(['org']);
  });

  it('answers revoked to a removed member, with no data, and drops the org from their memberships', async () => {
    const owner = await newUser('owner');
    const member = await newUser('leaver');
    const org = await createOrg(server, owner.token);
    const memberId = await addMember(server, org.id, member.user.id, 'viewer');
    const v0 = await bootstrapVersion(member.token, org.id);
    await rename(owner.token, org.id, 'Secret new name');
    await removeMember(server, org.id, memberId);

    const res = await pull(server, member.token, crypto.randomUUID(), { [org.id]: v0 });
    expect(res.body.orgs[0]).toMatchObject({ orgId: org.id, changes: [], hasMore: false, reset: 'revoked' });
    expect(JSON.stringify(res.body)).not.toContain('Secret new name');
    expect(res.body.memberships.map((m) => m.org.id)).not.toContain(org.id);
  });

  it('answers permissions_changed after a role change, then serves a fresh bootstrap normally', async () => {
    const owner = await newUser('owner');
    const member = await newUser('promoted');
    const org = await createOrg(server, owner.token);
    const memberId = await addMember(server, org.id, member.user.id, 'finance');
    const clientId = crypto.randomUUID();
    const v0 = await bootstrapVersion(member.token, org.id);
    await setMemberRole(server, org.id, memberId, 'viewer');

    const res = await pull(server, member.token, clientId, { [org.id]: v0 });
    expect(res.body.orgs[0]).toMatchObject({ changes: [], reset: 'permissions_changed' });
    expect(res.body.memberships.find((m) => m.org.id === org.id)?.role.key).toBe('viewer');

    const v1 = await bootstrapVersion(member.token, org.id);
    const after = await pull(server, member.token, clientId, { [org.id]: v1 });
    expect(after.body.orgs[0]).toMatchObject({ reset: null, version: v1 });
  });

  it("answers permissions_changed to a role's members when the role's permissions change", async () => {
    const owner = await newUser('owner');
    const member = await newUser('developer');
    const org = await createOrg(server, owner.token);
    const memberId = await addMember(server, org.id, member.user.id, 'developer');
    const v0 = await bootstrapVersion(member.token, org.id);
    await withTx(server.app.database, { userId: null, orgId: org.id }, async (c) => {
      const [row] = await c.tx
        .select({ roleId: memberships.roleId })
        .from(memberships)
        .where(and(eq(memberships.orgId, org.id), eq(memberships.id, memberId)));
      await c.tx
        .update(roles)
        .set({ permissions: ['org.read'] })
        .where(eq(roles.id, row?.roleId ?? ''));
      await recordRoleGrantChange(c, { orgId: org.id, roleId: row?.roleId ?? '' });
    });
    const res = await pull(server, member.token, crypto.randomUUID(), { [org.id]: v0 });
    expect(res.body.orgs[0]?.reset).toBe('permissions_changed');
    // The owner holds another role: the same cursor still serves them.
    const owners = await pull(server, owner.token, crypto.randomUUID(), { [org.id]: v0 });
    expect(owners.body.orgs[0]?.reset).toBeNull();
  });

  it('answers too_old to a cursor ahead of the head or older than the retained log', async () => {
    const { token } = await newUser('owner');
    const org = await createOrg(server, token);
    const head = await bootstrapVersion(token, org.id);
    const ahead = await pull(server, token, crypto.randomUUID(), { [org.id]: head + 10 });
    expect(ahead.body.orgs[0]?.reset).toBe('too_old');

    await rename(token, org.id, 'Before the window');
    // Age this org's log past the retention window, then let the retention job run.
    await server.app.database.db.execute(
      sql`UPDATE org_changes SET created_at = now() - interval '31 days' WHERE org_id = ${org.id}`,
    );
    expect(await pruneSyncLog(server.app.database)).toBeGreaterThan(0);

    const stale = await pull(server, token, crypto.randomUUID(), { [org.id]: head });
    expect(stale.body.orgs[0]?.reset).toBe('too_old');
    const fresh = await bootstrapVersion(token, org.id);
    const current = await pull(server, token, crypto.randomUUID(), { [org.id]: fresh });
    expect(current.body.orgs[0]).toMatchObject({ reset: null, version: fresh, changes: [] });
  });

  it("lists the user's current memberships, including orgs the desktop did not ask about", async () => {
    const owner = await newUser('owner');
    const member = await newUser('joiner');
    const org = await createOrg(server, owner.token, 'Joined Later');
    await addMember(server, org.id, member.user.id, 'developer');
    const res = await pull(server, member.token, crypto.randomUUID(), {});
    expect(res.body.orgs).toEqual([]);
    const joined = res.body.memberships.find((m) => m.org.id === org.id);
    expect(joined?.role.key).toBe('developer');
    expect(res.body.memberships[0]?.org.isPersonal).toBe(true);
  });

  it('treats an unknown org like one the user was removed from', async () => {
    const { token } = await newUser('prober');
    const res = await pull(server, token, crypto.randomUUID(), { [crypto.randomUUID()]: 0 });
    expect(res.body.orgs[0]).toMatchObject({ changes: [], reset: 'revoked' });
  });
});
