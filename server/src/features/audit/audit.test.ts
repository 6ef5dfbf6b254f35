import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, OwnershipTransfer } from '@shared/schemas/people';
import type { Role } from '@shared/schemas/org';
import { http } from '../../testing/http';
import { startTestServer } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { pull, snapshot } from '../sync/test-fixtures';
import { newTeam, newUser, person, roleId } from '../members/test-fixtures';
import type { Team } from '../members/test-fixtures';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

type Page = { events: AuditEvent[]; nextCursor: string | null };

const auditLog = (team: Team, token = team.owner.token, query = '') =>
  http<Page>(server, 'GET', `/v1/orgs/${team.org.id}/audit-events${query}`, { token });

async function actions(team: Team): Promise<string[]> {
  const res = await auditLog(team, team.owner.token, '?limit=200');
  expect(res.status).toBe(200);
  return res.body.events.map((e) => e.action);
}

describe('the audit log', () => {
  it('records every administrative change with actor, target and before/after, newest first', async () => {
    const team = await newTeam(server, ['admin', 'developer', 'viewer']);
    const { owner } = team;
    const org = `/v1/orgs/${team.org.id}`;
    const dev = person(team, 'developer');
    await http(server, 'PATCH', org, { token: owner.token, body: { name: 'Audited Co' } });
    await http(server, 'PATCH', `${org}/members/${dev.memberId}`, {
      token: owner.token,
      body: { roleId: roleId(team, 'manager') },
    });
    await http(server, 'PATCH', `${org}/members/${dev.memberId}`, {
      token: owner.token,
      body: { status: 'deactivated' },
    });
    const role = (
      await http<Role>(server, 'POST', `${org}/roles`, {
        token: owner.token,
        body: { name: 'Ops', rank: 30, permissions: ['org.read'] },
      })
    ).body;
    await http(server, 'PATCH', `${org}/roles/${role.id}`, { token: owner.token, body: { rank: 31 } });
    await http(server, 'DELETE', `${org}/roles/${role.id}`, { token: owner.token });
    await http(server, 'DELETE', `${org}/members/${person(team, 'viewer').memberId}`, { token: owner.token });
    const transfer = (
      await http<OwnershipTransfer>(server, 'POST', `${org}/ownership-transfers`, {
        token: owner.token,
        body: { memberId: person(team, 'admin').memberId },
      })
    ).body;
    await http(server, 'POST', `/v1/ownership-transfers/${transfer.id}/accept`, { token: person(team, 'admin').token });

    expect(await actions(team)).toEqual([
      'ownership.transferred',
      'ownership.transfer_started',
      'member.removed',
      'role.deleted',
      'role.updated',
      'role.created',
      'member.deactivated',
      'member.role_changed',
      'org.updated',
    ]);
    const events = (await auditLog(team)).body.events;
    const roleChange = events.find((e) => e.action === 'member.role_changed');
    expect(roleChange).toMatchObject({
      actorId: owner.userId,
      actorName: 'owner',
      targetType: 'member',
      targetId: dev.memberId,
      targetLabel: 'developer',
      before: { roleId: roleId(team, 'developer'), roleName: 'Developer' },
      after: { roleId: roleId(team, 'manager'), roleName: 'Manager' },
    });
    expect(events.find((e) => e.action === 'org.updated')).toMatchObject({
      before: { name: 'People Co' },
      after: { name: 'Audited Co' },
    });
    expect(events[0]).toMatchObject({ actorName: 'admin', targetType: 'org' });
  });

  it('writes nothing for a refused change', async () => {
    const team = await newTeam(server, ['co_admin', 'viewer']);
    await http(server, 'PATCH', `/v1/orgs/${team.org.id}/members/${person(team, 'viewer').memberId}`, {
      token: person(team, 'co_admin').token,
      body: { roleId: roleId(team, 'admin') },
    });
    await http(server, 'PATCH', `/v1/orgs/${team.org.id}`, {
      token: team.owner.token,
      body: { defaultRoleId: roleId(team, 'admin') },
    });
    expect(await actions(team)).toEqual([]);
  });

  it('is readable only with audit.read: developer 403, outsider 404, co_admin 200', async () => {
    const team = await newTeam(server, ['co_admin', 'developer']);
    const outsider = await newUser(server, 'outsider');
    expect((await auditLog(team, person(team, 'co_admin').token)).status).toBe(200);
    expect((await auditLog(team, person(team, 'developer').token)).status).toBe(403);
    expect((await auditLog(team, outsider.token)).status).toBe(404);
  });

  it('reaches desktops only with audit.read, through pull and snapshot', async () => {
    const team = await newTeam(server, ['developer']);
    const dev = person(team, 'developer');
    const clientId = crypto.randomUUID();
    const cursorOf = async (token: string) => {
      const { lines } = await snapshot(server, token, team.org.id);
      return lines[0]?.type === 'header' ? lines[0].version : -1;
    };
    const ownerCursor = await cursorOf(team.owner.token);
    const devCursor = await cursorOf(dev.token);
    await http(server, 'PATCH', `/v1/orgs/${team.org.id}`, {
      token: team.owner.token,
      body: { description: 'Logged' },
    });
    const entities = async (token: string, cursor: number) =>
      (await pull(server, token, clientId, { [team.org.id]: cursor })).body.orgs[0]?.changes.map((c) => c.entity);
    expect(await entities(team.owner.token, ownerCursor)).toEqual(['org', 'auditEvent']);
    expect(await entities(dev.token, devCursor)).toEqual(['org']);
    const snap = await snapshot(server, team.owner.token, team.org.id);
    expect(snap.lines.some((l) => l.type === 'rows' && l.entity === 'auditEvent')).toBe(true);
    const devSnap = await snapshot(server, dev.token, team.org.id);
    expect(devSnap.lines.some((l) => l.type === 'rows' && l.entity === 'auditEvent')).toBe(false);
  });

  it('pages newest first with a cursor and filters by actor, action and time', async () => {
    const team = await newTeam(server, ['admin']);
    const admin = person(team, 'admin');
    const rename = (token: string, name: string) =>
      http(server, 'PATCH', `/v1/orgs/${team.org.id}`, { token, body: { name } });
    for (const name of ['One', 'Two', 'Three']) await rename(team.owner.token, name);
    await rename(admin.token, 'Four');
    await http(server, 'PATCH', `/v1/orgs/${team.org.id}`, {
      token: team.owner.token,
      body: { defaultRoleId: roleId(team, 'manager') },
    });

    const first = await auditLog(team, team.owner.token, '?limit=2');
    expect(first.body.events.map((e) => e.after)).toEqual([
      { defaultRoleId: roleId(team, 'manager') },
      { name: 'Four' },
    ]);
    const second = await auditLog(team, team.owner.token, `?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.events.map((e) => e.after)).toEqual([{ name: 'Three' }, { name: 'Two' }]);
    const third = await auditLog(team, team.owner.token, `?limit=2&cursor=${second.body.nextCursor}`);
    expect(third.body).toMatchObject({ events: [{ after: { name: 'One' } }], nextCursor: null });

    const byAdmin = await auditLog(team, team.owner.token, `?actorId=${admin.userId}`);
    expect(byAdmin.body.events.map((e) => e.after)).toEqual([{ name: 'Four' }]);
    expect((await auditLog(team, team.owner.token, '?action=org.updated')).body.events).toHaveLength(5);
    expect((await auditLog(team, team.owner.token, '?action=role.deleted')).body.events).toHaveLength(0);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await auditLog(team, team.owner.token, `?from=${encodeURIComponent(future)}`)).body.events).toHaveLength(0);
    expect((await auditLog(team, team.owner.token, `?to=${encodeURIComponent(future)}`)).body.events).toHaveLength(5);
    expect((await auditLog(team, team.owner.token, '?limit=0')).status).toBe(400);
    expect((await auditLog(team, team.owner.token, '?from=yesterday')).status).toBe(400);
  });
});
