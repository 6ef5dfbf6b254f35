import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltInRoleKey } from '@shared/permissions';
import type { Member, MyMembership, Role } from '@shared/schemas/org';
import { withTx } from '../../db/tx';
import { http } from '../../testing/http';
import { startTestServer } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { addMember, pull, push, snapshot } from '../sync/test-fixtures';
import { countSeats } from './members.service';
import { membersById, newTeam, newUser, person, roleId } from './test-fixtures';
import type { ErrorResponse, Team } from './test-fixtures';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const patchMember = (team: Team, token: string, memberId: string, body: unknown) =>
  http<Member & ErrorResponse>(server, 'PATCH', `/v1/orgs/${team.org.id}/members/${memberId}`, { token, body });

async function headVersion(token: string, orgId: string): Promise<number> {
  const { lines } = await snapshot(server, token, orgId);
  return lines[0]?.type === 'header' ? lines[0].version : -1;
}

describe('listing members', () => {
  it('lists every member to those with members.read; finance gets 403 and an outsider 404', async () => {
    const team = await newTeam(server, ['viewer', 'finance']);
    const outsider = await newUser(server, 'outsider');
    const list = await http<{ members: Member[] }>(server, 'GET', `/v1/orgs/${team.org.id}/members`, {
      token: person(team, 'viewer').token,
    });
    expect(list.status).toBe(200);
    expect(list.body.members.map((m) => m.name).sort()).toEqual(['finance', 'owner', 'viewer']);
    const path = `/v1/orgs/${team.org.id}/members`;
    expect((await http(server, 'GET', path, { token: person(team, 'finance').token })).status).toBe(403);
    expect((await http(server, 'GET', path, { token: outsider.token })).status).toBe(404);
  });
});

describe('changing a member', () => {
  type Row = {
    what: string;
    actor: BuiltInRoleKey;
    target: BuiltInRoleKey;
    patch: { role: BuiltInRoleKey } | { status: 'deactivated' };
    code: 'forbidden' | 'last_owner';
  };
  const refusals: Row[] = [
    {
      what: 'an admin making themselves owner',
      actor: 'admin',
      target: 'admin',
      patch: { role: 'owner' },
      code: 'forbidden',
    },
    {
      what: 'an admin making someone else owner',
      actor: 'admin',
      target: 'developer',
      patch: { role: 'owner' },
      code: 'forbidden',
    },
    {
      what: 'the owner giving the owner role',
      actor: 'owner',
      target: 'admin',
      patch: { role: 'owner' },
      code: 'forbidden',
    },
    {
      what: 'a co_admin giving admin',
      actor: 'co_admin',
      target: 'developer',
      patch: { role: 'admin' },
      code: 'forbidden',
    },
    {
      what: 'a co_admin giving co_admin',
      actor: 'co_admin',
      target: 'viewer',
      patch: { role: 'co_admin' },
      code: 'forbidden',
    },
    {
      what: 'a manager changing a role',
      actor: 'manager',
      target: 'viewer',
      patch: { role: 'developer' },
      code: 'forbidden',
    },
    {
      what: 'the last owner demoting themselves',
      actor: 'owner',
      target: 'owner',
      patch: { role: 'admin' },
      code: 'last_owner',
    },
    {
      what: 'the last owner deactivating themselves',
      actor: 'owner',
      target: 'owner',
      patch: { status: 'deactivated' },
      code: 'last_owner',
    },
    {
      what: 'an admin demoting the owner',
      actor: 'admin',
      target: 'owner',
      patch: { role: 'viewer' },
      code: 'forbidden',
    },
    {
      what: 'an admin deactivating the owner',
      actor: 'admin',
      target: 'owner',
      patch: { status: 'deactivated' },
      code: 'forbidden',
    },
    {
      what: 'a co_admin changing an admin',
      actor: 'co_admin',
      target: 'admin',
      patch: { role: 'viewer' },
      code: 'forbidden',
    },
    {
      what: 'an admin changing another admin',
      actor: 'admin',
      target: 'admin',
      patch: { status: 'deactivated' },
      code: 'forbidden',
    },
    {
      what: 'a developer deactivating a viewer',
      actor: 'developer',
      target: 'viewer',
      patch: { status: 'deactivated' },
      code: 'forbidden',
    },
    {
      what: 'a co_admin changing their own role',
      actor: 'co_admin',
      target: 'co_admin',
      patch: { role: 'viewer' },
      code: 'forbidden',
    },
  ];

  it.each(refusals)('refuses $what with $code and changes nothing', async (row) => {
    const keys: BuiltInRoleKey[] = ['admin', 'co_admin', 'manager', 'developer', 'viewer'];
    const team = await newTeam(server, keys);
    // "another admin": a second admin as the target when actor and target are both admin but differ.
    const sameRoleOther = row.actor === row.target && row.what.includes('another');
    const target = sameRoleOther ? await addSecondAdmin(team) : person(team, row.target);
    const actor = person(team, row.actor);
    const before = await membersById(server, team);
    const body = 'role' in row.patch ? { roleId: roleId(team, row.patch.role) } : row.patch;
    const res = await patchMember(team, actor.token, target.memberId, body);
    expect({ status: res.status, code: res.body.error?.code }).toEqual({
      status: row.code === 'forbidden' ? 403 : 409,
      code: row.code,
    });
    expect(await membersById(server, team)).toEqual(before);
  });

  async function addSecondAdmin(team: Team) {
    const user = await newUser(server, 'admin-two');
    return { ...user, memberId: await addMember(server, team.org.id, user.userId, 'admin') };
  }

  it.each([
    { actor: 'owner', target: 'developer', role: 'admin' },
    { actor: 'admin', target: 'viewer', role: 'admin' },
    { actor: 'admin', target: 'developer', role: 'co_admin' },
    { actor: 'co_admin', target: 'viewer', role: 'manager' },
    { actor: 'co_admin', target: 'manager', role: 'viewer' },
  ] as const)('lets $actor give $target the $role role', async ({ actor, target, role }) => {
    const team = await newTeam(server, ['admin', 'co_admin', 'manager', 'developer', 'viewer']);
    const res = await patchMember(team, person(team, actor).token, person(team, target).memberId, {
      roleId: roleId(team, role),
    });
    expect(res.status).toBe(200);
    expect(res.body.roleId).toBe(roleId(team, role));
    expect((await membersById(server, team)).get(person(team, target).memberId)?.roleId).toBe(roleId(team, role));
  });

  it('assigns custom roles by rank: a co_admin may give one ranked 30, not one ranked 50', async () => {
    const team = await newTeam(server, ['co_admin', 'viewer']);
    const create = (name: string, rank: number) =>
      http<Role>(server, 'POST', `/v1/orgs/${team.org.id}/roles`, {
        token: team.owner.token,
        body: { name, rank, permissions: ['org.read', 'bots.read'] },
      });
    const low = (await create('Operator', 30)).body;
    const high = (await create('Supervisor', 50)).body;
    const coAdmin = person(team, 'co_admin');
    const viewer = person(team, 'viewer');
    expect((await patchMember(team, coAdmin.token, viewer.memberId, { roleId: high.id })).body.error?.code).toBe(
      'forbidden',
    );
    expect((await patchMember(team, coAdmin.token, viewer.memberId, { roleId: low.id })).status).toBe(200);
  });

  it('refuses an unknown role and an empty patch with validation_failed', async () => {
    const team = await newTeam(server, ['viewer']);
    const viewer = person(team, 'viewer');
    const unknown = await patchMember(team, team.owner.token, viewer.memberId, { roleId: crypto.randomUUID() });
    expect(unknown.body.error?.code).toBe('validation_failed');
    expect((await patchMember(team, team.owner.token, viewer.memberId, {})).status).toBe(400);
    const missing = await patchMember(team, team.owner.token, crypto.randomUUID(), { status: 'deactivated' });
    expect(missing.status).toBe(404);
  });

  it("answers a demoted member's pull with permissions_changed and applies the new role on their next request", async () => {
    const team = await newTeam(server, ['admin']);
    const admin = person(team, 'admin');
    const cursor = await headVersion(admin.token, team.org.id);
    expect((await patchMember(team, team.owner.token, admin.memberId, { roleId: roleId(team, 'viewer') })).status).toBe(
      200,
    );
    const res = await pull(server, admin.token, crypto.randomUUID(), { [team.org.id]: cursor });
    expect(res.body.orgs[0]?.reset).toBe('permissions_changed');
    const me = await http<{ memberships: MyMembership[] }>(server, 'GET', '/v1/me', { token: admin.token });
    expect(me.body.memberships.find((m) => m.org.id === team.org.id)?.role.key).toBe('viewer');
    const patch = await http(server, 'PATCH', `/v1/orgs/${team.org.id}`, {
      token: admin.token,
      body: { name: 'Mine now' },
    });
    expect(patch.status).toBe(403);
  });

  it('deactivation ends access on the next request and frees the seat; reactivation restores it', async () => {
    const team = await newTeam(server, ['developer']);
    const dev = person(team, 'developer');
    const cursor = await headVersion(dev.token, team.org.id);
    const seats = () =>
      withTx(server.app.database, { userId: null, orgId: team.org.id }, (c) => countSeats(c, team.org.id));
    expect(await seats()).toBe(2);
    expect((await patchMember(team, team.owner.token, dev.memberId, { status: 'deactivated' })).body.status).toBe(
      'deactivated',
    );
    expect((await http(server, 'GET', `/v1/orgs/${team.org.id}`, { token: dev.token })).status).toBe(404);
    expect((await pull(server, dev.token, crypto.randomUUID(), { [team.org.id]: cursor })).body.orgs[0]?.reset).toBe(
      'revoked',
    );
    expect(await seats()).toBe(1);
    expect((await patchMember(team, team.owner.token, dev.memberId, { status: 'active' })).status).toBe(200);
    expect((await http(server, 'GET', `/v1/orgs/${team.org.id}`, { token: dev.token })).status).toBe(200);
    expect(await seats()).toBe(2);
  });

  it('runs member.update from push through the same rules', async () => {
    const team = await newTeam(server, ['co_admin', 'viewer']);
    const coAdmin = person(team, 'co_admin');
    const viewer = person(team, 'viewer');
    const res = await push(server, coAdmin.token, crypto.randomUUID(), [
      {
        id: 1,
        orgId: team.org.id,
        name: 'member.update',
        args: { memberId: viewer.memberId, patch: { roleId: roleId(team, 'admin') } },
      },
      {
        id: 2,
        orgId: team.org.id,
        name: 'member.update',
        args: { memberId: viewer.memberId, patch: { roleId: roleId(team, 'developer') } },
      },
    ]);
    expect(res.body.outcomes).toMatchObject([
      { id: 1, status: 'refused', error: { code: 'forbidden' } },
      { id: 2, status: 'applied' },
    ]);
    expect((await membersById(server, team)).get(viewer.memberId)?.roleId).toBe(roleId(team, 'developer'));
  });
});

describe('removing and leaving', () => {
  it('removes a member: their old session gets 404 on the org and their pull answers revoked', async () => {
    const team = await newTeam(server, ['co_admin', 'viewer']);
    const viewer = person(team, 'viewer');
    const cursor = await headVersion(viewer.token, team.org.id);
    const path = `/v1/orgs/${team.org.id}/members/${viewer.memberId}`;
    expect((await http(server, 'DELETE', path, { token: person(team, 'co_admin').token })).status).toBe(200);
    expect((await http(server, 'GET', `/v1/orgs/${team.org.id}`, { token: viewer.token })).status).toBe(404);
    expect((await http(server, 'GET', `/v1/orgs/${team.org.id}/members`, { token: viewer.token })).status).toBe(404);
    const res = await pull(server, viewer.token, crypto.randomUUID(), { [team.org.id]: cursor });
    expect(res.body.orgs[0]).toMatchObject({ reset: 'revoked', changes: [] });
    expect(res.body.memberships.map((m) => m.org.id)).not.toContain(team.org.id);
    expect((await membersById(server, team)).has(viewer.memberId)).toBe(false);
  });

  it.each([
    { what: 'an admin removing the owner', actor: 'admin', target: 'owner', status: 403 },
    { what: 'the owner removing themselves', actor: 'owner', target: 'owner', status: 409 },
    { what: 'a co_admin removing an admin', actor: 'co_admin', target: 'admin', status: 403 },
    { what: 'a manager removing a viewer', actor: 'manager', target: 'viewer', status: 403 },
  ] as const)('refuses $what and keeps the member', async ({ actor, target, status }) => {
    const team = await newTeam(server, ['admin', 'co_admin', 'manager', 'viewer']);
    const path = `/v1/orgs/${team.org.id}/members/${person(team, target).memberId}`;
    const res = await http<ErrorResponse>(server, 'DELETE', path, { token: person(team, actor).token });
    expect(res.status).toBe(status);
    expect((await membersById(server, team)).has(person(team, target).memberId)).toBe(true);
  });

  it('lets a member leave, but not the owner (last_owner) nor anyone their personal workspace', async () => {
    const team = await newTeam(server, ['developer']);
    const dev = person(team, 'developer');
    expect((await http(server, 'POST', `/v1/orgs/${team.org.id}/leave`, { token: dev.token })).status).toBe(200);
    expect((await http(server, 'GET', `/v1/orgs/${team.org.id}`, { token: dev.token })).status).toBe(404);
    const ownerLeaves = await http<ErrorResponse>(server, 'POST', `/v1/orgs/${team.org.id}/leave`, {
      token: team.owner.token,
    });
    expect(ownerLeaves.body.error.code).toBe('last_owner');
    const me = await http<{ memberships: MyMembership[] }>(server, 'GET', '/v1/me', { token: dev.token });
    const personal = me.body.memberships.find((m) => m.org.isPersonal)?.org.id;
    const res = await http<ErrorResponse>(server, 'POST', `/v1/orgs/${personal}/leave`, { token: dev.token });
    expect(res.body.error.code).toBe('forbidden');
  });
});

describe('the default role', () => {
  it('accepts a role of the org ranked 40 or below and refuses others with validation_failed', async () => {
    const team = await newTeam(server);
    const other = await newTeam(server);
    const set = (defaultRoleId: string) =>
      http<ErrorResponse & { defaultRoleId: string }>(server, 'PATCH', `/v1/orgs/${team.org.id}`, {
        token: team.owner.token,
        body: { defaultRoleId },
      });
    expect((await set(roleId(team, 'manager'))).body.defaultRoleId).toBe(roleId(team, 'manager'));
    expect((await set(roleId(team, 'co_admin'))).body.error.code).toBe('validation_failed');
    expect((await set(roleId(other, 'viewer'))).body.error.code).toBe('validation_failed');
    const org = await http<{ defaultRoleId: string }>(server, 'GET', `/v1/orgs/${team.org.id}`, {
      token: team.owner.token,
    });
    expect(org.body.defaultRoleId).toBe(roleId(team, 'manager'));
  });
});
