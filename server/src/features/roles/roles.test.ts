import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissions } from '@shared/permissions';
import type { BuiltInRoleKey } from '@shared/permissions';
import type { Role } from '@shared/schemas/org';
import type { permissionCatalogueSchema } from '@shared/schemas/people';
import type { z } from 'zod';
import { http } from '../../testing/http';
import { startTestServer } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { pull, push, snapshot } from '../sync/test-fixtures';
import { membersById, newTeam, person, roleId } from '../members/test-fixtures';
import type { ErrorResponse, Team } from '../members/test-fixtures';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

type RoleWithCount = Role & { memberCount: number };
type RoleBody = { name: string; rank: number; permissions: string[] };

const createRole = (team: Team, token: string, body: RoleBody) =>
  http<Role & ErrorResponse>(server, 'POST', `/v1/orgs/${team.org.id}/roles`, { token, body });
const listRoles = async (team: Team, token = team.owner.token) =>
  (await http<{ roles: RoleWithCount[] }>(server, 'GET', `/v1/orgs/${team.org.id}/roles`, { token })).body.roles;

describe('the permission catalogue', () => {
  it('serves every permission once, in named groups, each with a description', async () => {
    const team = await newTeam(server);
    const res = await http<z.infer<typeof permissionCatalogueSchema>>(server, 'GET', '/v1/permissions', {
      token: team.owner.token,
    });
    expect(res.status).toBe(200);
    const listed = res.body.groups.flatMap((g) => g.permissions.map((p) => p.key));
    expect([...listed].sort()).toEqual([...permissions].sort());
    for (const g of res.body.groups) {
      expect(g.name.length).toBeGreaterThan(0);
      for (const p of g.permissions) expect(p.description).toMatch(/^[A-Z].+\.$/);
    }
    expect((await http(server, 'GET', '/v1/permissions')).status).toBe(401);
  });
});

describe('listing roles', () => {
  it('lists built-in roles with member counts to any member, highest rank first', async () => {
    const team = await newTeam(server, ['viewer', 'finance']);
    const roles = await listRoles(team, person(team, 'finance').token);
    expect(roles.map((r) => r.key)).toEqual([
      'owner',
      'admin',
      'co_admin',
      'manager',
      'developer',
      'finance',
      'viewer',
    ]);
    expect(roles.every((r) => r.builtIn)).toBe(true);
    expect(Object.fromEntries(roles.map((r) => [r.key, r.memberCount]))).toMatchObject({
      owner: 1,
      viewer: 1,
      finance: 1,
      admin: 0,
    });
  });
});

describe('creating custom roles', () => {
  it('lets an admin define a role below its rank with permissions it holds', async () => {
    const team = await newTeam(server, ['admin']);
    const res = await createRole(team, person(team, 'admin').token, {
      name: 'Release manager',
      rank: 50,
      permissions: ['org.read', 'bots.read', 'bots.toggle'],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ key: null, builtIn: false, rank: 50, name: 'Release manager' });
    expect((await listRoles(team)).find((r) => r.id === res.body.id)).toMatchObject({ memberCount: 0 });
  });

  it.each([
    {
      what: 'ranked at its own rank',
      actor: 'admin',
      body: { name: 'Peer', rank: 80, permissions: ['org.read'] },
      code: 'forbidden',
    },
    {
      what: 'ranked above it',
      actor: 'admin',
      body: { name: 'Boss', rank: 90, permissions: ['org.read'] },
      code: 'forbidden',
    },
    {
      what: 'with a permission it lacks',
      actor: 'admin',
      body: { name: 'Closer', rank: 30, permissions: ['org.read', 'org.delete'] },
      code: 'forbidden',
    },
    {
      what: 'without roles.manage',
      actor: 'co_admin',
      body: { name: 'X', rank: 5, permissions: [] },
      code: 'forbidden',
    },
    {
      what: 'with an unknown permission',
      actor: 'owner',
      body: { name: 'Odd', rank: 20, permissions: ['bots.fly'] },
      code: 'validation_failed',
    },
    {
      what: 'with rank 100',
      actor: 'owner',
      body: { name: 'Twin', rank: 100, permissions: [] },
      code: 'validation_failed',
    },
    {
      what: 'named like a built-in role',
      actor: 'owner',
      body: { name: 'viewer', rank: 12, permissions: [] },
      code: 'conflict',
    },
  ] as { what: string; actor: BuiltInRoleKey; body: RoleBody; code: string }[])(
    'refuses a role $what ($code)',
    async ({ actor, body, code }) => {
      const team = await newTeam(server, ['admin', 'co_admin']);
      const res = await createRole(team, person(team, actor).token, body);
      expect(res.body.error?.code).toBe(code);
      expect(await listRoles(team)).toHaveLength(7);
    },
  );
});

describe('editing and deleting custom roles', () => {
  it('refuses to edit or delete built-in roles and roles ranked at or above the actor', async () => {
    const team = await newTeam(server, ['admin']);
    const admin = person(team, 'admin');
    const high = (await createRole(team, team.owner.token, { name: 'Deputy', rank: 90, permissions: ['org.read'] }))
      .body;
    const path = (id: string) => `/v1/orgs/${team.org.id}/roles/${id}`;
    const attempts = [
      await http<ErrorResponse>(server, 'PATCH', path(roleId(team, 'viewer')), {
        token: team.owner.token,
        body: { name: 'Watcher' },
      }),
      await http<ErrorResponse>(server, 'DELETE', path(roleId(team, 'viewer')), { token: team.owner.token }),
      await http<ErrorResponse>(server, 'PATCH', path(high.id), { token: admin.token, body: { rank: 10 } }),
      await http<ErrorResponse>(server, 'DELETE', path(high.id), { token: admin.token }),
    ];
    expect(attempts.map((a) => a.body.error.code)).toEqual(['forbidden', 'forbidden', 'forbidden', 'forbidden']);
    expect(
      (await http(server, 'PATCH', path(crypto.randomUUID()), { token: team.owner.token, body: { rank: 5 } })).status,
    ).toBe(404);
    const roles = await listRoles(team);
    expect(roles.find((r) => r.key === 'viewer')?.name).toBe('Viewer');
    expect(roles.find((r) => r.id === high.id)?.rank).toBe(90);
  });

  it("changes a role's grant and answers its holders' pull with permissions_changed", async () => {
    const team = await newTeam(server, ['viewer']);
    const viewer = person(team, 'viewer');
    const role = (await createRole(team, team.owner.token, { name: 'Watcher', rank: 12, permissions: ['org.read'] }))
      .body;
    const patchMember = await http(server, 'PATCH', `/v1/orgs/${team.org.id}/members/${viewer.memberId}`, {
      token: team.owner.token,
      body: { roleId: role.id },
    });
    expect(patchMember.status).toBe(200);
    const { lines } = await snapshot(server, viewer.token, team.org.id);
    const cursor = lines[0]?.type === 'header' ? lines[0].version : -1;
    const res = await http<Role>(server, 'PATCH', `/v1/orgs/${team.org.id}/roles/${role.id}`, {
      token: team.owner.token,
      body: { permissions: ['org.read', 'members.read'] },
    });
    expect(res.body.permissions).toEqual(['org.read', 'members.read']);
    expect((await pull(server, viewer.token, crypto.randomUUID(), { [team.org.id]: cursor })).body.orgs[0]?.reset).toBe(
      'permissions_changed',
    );
    expect((await http(server, 'GET', `/v1/orgs/${team.org.id}/members`, { token: viewer.token })).status).toBe(200);
  });

  it("deletes a role and moves its members to the org's default role in the same change", async () => {
    const team = await newTeam(server, ['developer', 'viewer']);
    const role = (await createRole(team, team.owner.token, { name: 'Temp', rank: 25, permissions: ['org.read'] })).body;
    for (const key of ['developer', 'viewer'] as const) {
      const res = await http(server, 'PATCH', `/v1/orgs/${team.org.id}/members/${person(team, key).memberId}`, {
        token: team.owner.token,
        body: { roleId: role.id },
      });
      expect(res.status).toBe(200);
    }
    await http(server, 'PATCH', `/v1/orgs/${team.org.id}`, {
      token: team.owner.token,
      body: { defaultRoleId: roleId(team, 'manager') },
    });
    expect((await listRoles(team)).find((r) => r.id === role.id)?.memberCount).toBe(2);
    expect(
      (await http(server, 'DELETE', `/v1/orgs/${team.org.id}/roles/${role.id}`, { token: team.owner.token })).status,
    ).toBe(200);
    const members = await membersById(server, team);
    for (const key of ['developer', 'viewer'] as const) {
      expect(members.get(person(team, key).memberId)?.roleId).toBe(roleId(team, 'manager'));
    }
    expect((await listRoles(team)).map((r) => r.id)).not.toContain(role.id);
  });

  it('refuses to delete the default role with conflict', async () => {
    const team = await newTeam(server);
    const role = (await createRole(team, team.owner.token, { name: 'Newcomer', rank: 8, permissions: ['org.read'] }))
      .body;
    await http(server, 'PATCH', `/v1/orgs/${team.org.id}`, {
      token: team.owner.token,
      body: { defaultRoleId: role.id },
    });
    const res = await http<ErrorResponse>(server, 'DELETE', `/v1/orgs/${team.org.id}/roles/${role.id}`, {
      token: team.owner.token,
    });
    expect(res.body.error.code).toBe('conflict');
    expect((await listRoles(team)).map((r) => r.id)).toContain(role.id);
  });

  it('runs role.update from push through the same rules', async () => {
    const team = await newTeam(server, ['admin']);
    const admin = person(team, 'admin');
    const role = (await createRole(team, admin.token, { name: 'Ops', rank: 30, permissions: ['org.read'] })).body;
    const res = await push(server, admin.token, crypto.randomUUID(), [
      { id: 1, orgId: team.org.id, name: 'role.update', args: { roleId: role.id, patch: { rank: 85 } } },
      { id: 2, orgId: team.org.id, name: 'role.update', args: { roleId: role.id, patch: { name: 'Operations' } } },
      { id: 3, orgId: team.org.id, name: 'role.delete', args: { roleId: role.id } },
    ]);
    expect(res.body.outcomes).toMatchObject([
      { id: 1, status: 'refused', error: { code: 'forbidden' } },
      { id: 2, status: 'applied' },
      // role.delete is online: the desktop calls it directly, so push refuses it.
      { id: 3, status: 'refused', error: { code: 'validation_failed' } },
    ]);
    expect((await listRoles(team)).find((r) => r.id === role.id)).toMatchObject({ name: 'Operations', rank: 30 });
  });
});
