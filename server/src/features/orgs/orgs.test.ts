import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { MyMembership, Org } from '@shared/schemas/org';
import { memberships, orgChanges, organizations, roles } from '../../db/schema';
import { withTx } from '../../db/tx';
import { http } from '../../testing/http';
import { signUpUser, startTestServer, uniqueEmail } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { executeMutator } from '../mutators';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

type ErrorBody = { error: { code: string; message: string } };

async function newUser(label: string) {
  return signUpUser(server, { email: uniqueEmail(label), name: label });
}

async function newOrg(token: string, name = 'Acme Robotics', slug?: string) {
  const res = await http<Org>(server, 'POST', '/v1/orgs', { token, body: slug ? { name, slug } : { name } });
  expect(res.status).toBe(200);
  return res.body;
}

/** Adds a user to an org with a built-in role, as an invitation acceptance would (that feature lives elsewhere). */
async function addMember(orgId: string, userId: string, roleKey: string) {
  await withTx(server.app.database, { userId: null, orgId }, async (c) => {
    const [role] = await c.tx
      .select()
      .from(roles)
      .where(and(eq(roles.orgId, orgId), eq(roles.key, roleKey)));
    await c.tx.insert(memberships).values({ orgId, id: crypto.randomUUID(), userId, roleId: role?.id ?? '' });
  });
}

describe('creating organizations', () => {
  it('makes the creator owner and lists it among their orgs', async () => {
    const { token } = await newUser('creator');
    const org = await newOrg(token, 'Acme Robotics');
    expect(org).toMatchObject({ name: 'Acme Robotics', isPersonal: false, plan: 'free', status: 'active' });
    expect(org.slug).toMatch(/^acme-robotics/);

    const me = await http<{ memberships: MyMembership[] }>(server, 'GET', '/v1/me', { token });
    const mine = me.body.memberships.find((m) => m.org.id === org.id);
    expect(mine?.role.key).toBe('owner');
    const list = await http<{ orgs: Org[] }>(server, 'GET', '/v1/orgs', { token });
    expect(list.body.orgs.map((o) => o.id)).toContain(org.id);
  });

  it('refuses a taken slug with conflict "That address is taken"', async () => {
    const { token } = await newUser('slugger');
    const slug = `team-${crypto.randomUUID().slice(0, 8)}`;
    await newOrg(token, 'First', slug);
    const res = await http<ErrorBody>(server, 'POST', '/v1/orgs', { token, body: { name: 'Second', slug } });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'conflict' });
    expect(res.body.error.message).toContain('That address is taken');
  });

  it('gives two orgs of the same name different slugs', async () => {
    const { token } = await newUser('twins');
    const a = await newOrg(token, 'Same Name');
    const b = await newOrg(token, 'Same Name');
    expect(a.slug).not.toBe(b.slug);
  });

  it('refuses a malformed slug with validation_failed', async () => {
    const { token } = await newUser('badslug');
    const res = await http<ErrorBody>(server, 'POST', '/v1/orgs', {
      token,
      body: { name: 'X Corp', slug: 'Not A Slug!' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toContain('slug');
  });
});

describe('reading and updating', () => {
  it("answers a second user 404 on the first user's org, exactly like an unknown id", async () => {
    const owner = await newUser('owner');
    const outsider = await newUser('outsider');
    const org = await newOrg(owner.token);
    const foreign = await http<ErrorBody>(server, 'GET', `/v1/orgs/${org.id}`, { token: outsider.token });
    const unknown = await http<ErrorBody>(server, 'GET', `/v1/orgs/${crypto.randomUUID()}`, { token: outsider.token });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(unknown.body);
    const patch = await http<ErrorBody>(server, 'PATCH', `/v1/orgs/${org.id}`, {
      token: outsider.token,
      body: { name: 'Hijacked' },
    });
    expect(patch.status).toBe(404);
    expect((await http<Org>(server, 'GET', `/v1/orgs/${org.id}`, { token: owner.token })).body.name).toBe(
      'Acme Robotics',
    );
  });

  it('lets the owner patch the profile and answers a viewer 403', async () => {
    const owner = await newUser('patcher');
    const viewer = await newUser('viewer');
    const org = await newOrg(owner.token);
    await addMember(org.id, viewer.user.id, 'viewer');

    const ok = await http<Org>(server, 'PATCH', `/v1/orgs/${org.id}`, {
      token: owner.token,
      body: { name: 'Acme Renamed', description: 'We automate', phone: '+1 555 0100' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ name: 'Acme Renamed', description: 'We automate', phone: '+1 555 0100' });

    const seen = await http<Org>(server, 'GET', `/v1/orgs/${org.id}`, { token: viewer.token });
    expect(seen.body.name).toBe('Acme Renamed');
    const refused = await http<ErrorBody>(server, 'PATCH', `/v1/orgs/${org.id}`, {
      token: viewer.token,
      body: { name: 'Nope' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
  });

  it('refuses an empty patch and a taken slug', async () => {
    const { token } = await newUser('patch-rules');
    const a = await newOrg(token, 'Alpha');
    const b = await newOrg(token, 'Beta');
    const empty = await http<ErrorBody>(server, 'PATCH', `/v1/orgs/${a.id}`, { token, body: {} });
    expect(empty.status).toBe(400);
    const taken = await http<ErrorBody>(server, 'PATCH', `/v1/orgs/${a.id}`, { token, body: { slug: b.slug } });
    expect(taken.status).toBe(409);
  });

  it('applies the org.update mutator through the same rules', async () => {
    const owner = await newUser('mutator');
    const viewer = await newUser('mutator-viewer');
    const org = await newOrg(owner.token);
    await addMember(org.id, viewer.user.id, 'viewer');
    const db = server.app.database;
    await withTx(db, { userId: owner.user.id, orgId: org.id }, (c) =>
      executeMutator(c, org.id, 'org.update', { patch: { name: 'Via Push' } }),
    );
    expect((await http<Org>(server, 'GET', `/v1/orgs/${org.id}`, { token: owner.token })).body.name).toBe('Via Push');
    await expect(
      withTx(db, { userId: viewer.user.id, orgId: org.id }, (c) =>
        executeMutator(c, org.id, 'org.update', { patch: { name: 'X' } }),
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      withTx(db, { userId: owner.user.id, orgId: org.id }, (c) =>
        executeMutator(c, org.id, 'org.update', { patch: { phone: 'letters' } }),
      ),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(
      withTx(db, { userId: owner.user.id, orgId: org.id }, (c) => executeMutator(c, org.id, 'bot.explode', {})),
    ).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});

describe('deleting', () => {
  it("needs the typed slug, then removes every member's access at once", async () => {
    const owner = await newUser('deleter');
    const admin = await newUser('admin');
    const org = await newOrg(owner.token);
    await addMember(org.id, admin.user.id, 'admin');

    const adminTry = await http<ErrorBody>(server, 'DELETE', `/v1/orgs/${org.id}`, {
      token: admin.token,
      body: { confirmSlug: org.slug },
    });
    expect(adminTry.status).toBe(403);
    const mistyped = await http<ErrorBody>(server, 'DELETE', `/v1/orgs/${org.id}`, {
      token: owner.token,
      body: { confirmSlug: 'wrong' },
    });
    expect(mistyped.status).toBe(400);
    expect(mistyped.body.error.message).toContain(org.slug);

    expect(
      (await http(server, 'DELETE', `/v1/orgs/${org.id}`, { token: owner.token, body: { confirmSlug: org.slug } }))
        .status,
    ).toBe(200);
    for (const token of [owner.token, admin.token]) {
      expect((await http(server, 'GET', `/v1/orgs/${org.id}`, { token })).status).toBe(404);
      const list = await http<{ orgs: Org[] }>(server, 'GET', '/v1/orgs', { token });
      expect(list.body.orgs.map((o) => o.id)).not.toContain(org.id);
    }
  });

  it('refuses to delete the personal workspace', async () => {
    const { token } = await newUser('personal');
    const me = await http<{ memberships: MyMembership[] }>(server, 'GET', '/v1/me', { token });
    const personal = me.body.memberships.find((m) => m.org.isPersonal)?.org;
    const res = await http<ErrorBody>(server, 'DELETE', `/v1/orgs/${personal?.id}`, {
      token,
      body: { confirmSlug: personal?.slug },
    });
    expect(res.status).toBe(403);
    expect((await http(server, 'GET', `/v1/orgs/${personal?.id}`, { token })).status).toBe(200);
  });
});

describe('the change log', () => {
  it('records every write with its sync view, never a secret, and advances the org version', async () => {
    const { token } = await newUser('logged');
    const org = await newOrg(token, 'Logged Org');
    await http(server, 'PATCH', `/v1/orgs/${org.id}`, { token, body: { name: 'Logged Renamed' } });
    // Read as a request of that org would (the log is under FORCE RLS even for the schema owner).
    const { changes, version } = await withTx(server.app.database, { userId: null, orgId: org.id }, async (c) => ({
      changes: await c.tx.select().from(orgChanges).where(eq(orgChanges.orgId, org.id)).orderBy(orgChanges.version),
      version: (await c.tx.select().from(organizations).where(eq(organizations.id, org.id)))[0]?.version,
    }));
    expect(changes.filter((c) => c.entity === 'role')).toHaveLength(7);
    expect(changes.filter((c) => c.entity === 'member')).toHaveLength(1);
    const orgChangesOnly = changes.filter((c) => c.entity === 'org');
    expect(orgChangesOnly.at(-1)?.data).toMatchObject({ id: org.id, name: 'Logged Renamed' });
    expect(version).toBe(changes.at(-1)?.version);
    expect(JSON.stringify(changes)).not.toMatch(/password|token|hash/i);
  });
});
