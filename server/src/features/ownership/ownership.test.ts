import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MyMembership, Org } from '@shared/schemas/org';
import type { OwnershipTransfer } from '@shared/schemas/people';
import { http } from '../../testing/http';
import { startTestServer } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { pull, snapshot } from '../sync/test-fixtures';
import { membersById, newTeam, newUser, person, roleId } from '../members/test-fixtures';
import type { ErrorResponse, Team } from '../members/test-fixtures';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const offer = (team: Team, token: string, memberId: string) =>
  http<OwnershipTransfer & ErrorResponse>(server, 'POST', `/v1/orgs/${team.org.id}/ownership-transfers`, {
    token,
    body: { memberId },
  });
const accept = (token: string, id: string) =>
  http<ErrorResponse>(server, 'POST', `/v1/ownership-transfers/${id}/accept`, { token });
const cancel = (token: string, id: string) =>
  http<ErrorResponse>(server, 'POST', `/v1/ownership-transfers/${id}/cancel`, { token });

async function ownerRoles(team: Team): Promise<string[]> {
  const members = await membersById(server, team, person(team, 'viewer').token);
  return [...members.values()].filter((m) => m.roleId === roleId(team, 'owner')).map((m) => m.id);
}

describe('ownership transfer', () => {
  it('changes nothing until the recipient accepts, then swaps owner and admin at once', async () => {
    const team = await newTeam(server, ['developer', 'viewer']);
    const dev = person(team, 'developer');
    const transfer = await offer(team, team.owner.token, dev.memberId);
    expect(transfer.status).toBe(200);
    expect(transfer.body).toMatchObject({
      status: 'pending',
      fromMemberId: team.owner.memberId,
      toMemberId: dev.memberId,
    });
    expect(await ownerRoles(team)).toEqual([team.owner.memberId]);

    // The recipient learns of the offer through sync (ownership transfers go to every member).
    const { lines } = await snapshot(server, dev.token, team.org.id);
    const rows = lines.flatMap((l) => (l.type === 'rows' && l.entity === 'ownershipTransfer' ? l.rows : []));
    expect(rows).toMatchObject([{ id: transfer.body.id, status: 'pending' }]);

    // Only the parties can find a transfer by its id; anyone else is told it does not exist.
    expect((await accept(person(team, 'viewer').token, transfer.body.id)).status).toBe(404);
    expect((await accept(team.owner.token, transfer.body.id)).body.error.code).toBe('forbidden');
    expect((await accept(dev.token, transfer.body.id)).status).toBe(200);
    expect(await ownerRoles(team)).toEqual([dev.memberId]);
    const members = await membersById(server, team);
    expect(members.get(team.owner.memberId)?.roleId).toBe(roleId(team, 'admin'));
    const org = await http<Org>(server, 'GET', `/v1/orgs/${team.org.id}`, { token: dev.token });
    expect(org.body.ownerId).toBe(dev.userId);
    const me = await http<{ memberships: MyMembership[] }>(server, 'GET', '/v1/me', { token: team.owner.token });
    const mine = me.body.memberships.find((m) => m.org.id === team.org.id);
    expect(mine?.role.key).toBe('admin');
    expect(mine?.permissions).not.toContain('org.delete');
    expect((await accept(dev.token, transfer.body.id)).body.error.code).toBe('conflict');
  });

  it("answers the old owner's pull with permissions_changed after the transfer", async () => {
    const team = await newTeam(server, ['admin', 'viewer']);
    const { lines } = await snapshot(server, team.owner.token, team.org.id);
    const cursor = lines[0]?.type === 'header' ? lines[0].version : -1;
    const transfer = await offer(team, team.owner.token, person(team, 'admin').memberId);
    expect((await accept(person(team, 'admin').token, transfer.body.id)).status).toBe(200);
    const res = await pull(server, team.owner.token, crypto.randomUUID(), { [team.org.id]: cursor });
    expect(res.body.orgs[0]?.reset).toBe('permissions_changed');
  });

  it('keeps one pending transfer per org: a new offer cancels the previous one', async () => {
    const team = await newTeam(server, ['admin', 'developer', 'viewer']);
    const first = await offer(team, team.owner.token, person(team, 'admin').memberId);
    const second = await offer(team, team.owner.token, person(team, 'developer').memberId);
    expect(second.status).toBe(200);
    expect((await accept(person(team, 'admin').token, first.body.id)).body.error.code).toBe('conflict');
    expect(await ownerRoles(team)).toEqual([team.owner.memberId]);
    expect((await accept(person(team, 'developer').token, second.body.id)).status).toBe(200);
    expect(await ownerRoles(team)).toEqual([person(team, 'developer').memberId]);
  });

  it('refuses offers by non-owners, to oneself, and to deactivated members', async () => {
    const team = await newTeam(server, ['admin', 'developer', 'viewer']);
    const admin = person(team, 'admin');
    expect((await offer(team, admin.token, person(team, 'developer').memberId)).body.error.code).toBe('forbidden');
    expect((await offer(team, admin.token, admin.memberId)).body.error.code).toBe('forbidden');
    expect((await offer(team, team.owner.token, team.owner.memberId)).body.error.code).toBe('validation_failed');
    await http(server, 'PATCH', `/v1/orgs/${team.org.id}/members/${person(team, 'developer').memberId}`, {
      token: team.owner.token,
      body: { status: 'deactivated' },
    });
    expect((await offer(team, team.owner.token, person(team, 'developer').memberId)).body.error.code).toBe(
      'validation_failed',
    );
    expect((await offer(team, team.owner.token, crypto.randomUUID())).status).toBe(404);
  });

  it('lets the owner cancel and the recipient decline; anyone else gets 404', async () => {
    const team = await newTeam(server, ['admin', 'viewer']);
    const outsider = await newUser(server, 'outsider');
    const admin = person(team, 'admin');
    const first = await offer(team, team.owner.token, admin.memberId);
    expect((await accept(outsider.token, first.body.id)).status).toBe(404);
    expect((await cancel(outsider.token, first.body.id)).status).toBe(404);
    expect((await cancel(person(team, 'viewer').token, first.body.id)).status).toBe(404);
    expect((await cancel(team.owner.token, first.body.id)).status).toBe(200);
    expect((await accept(admin.token, first.body.id)).body.error.code).toBe('conflict');
    const second = await offer(team, team.owner.token, admin.memberId);
    expect((await cancel(admin.token, second.body.id)).status).toBe(200);
    expect((await accept(admin.token, second.body.id)).body.error.code).toBe('conflict');
    expect(await ownerRoles(team)).toEqual([team.owner.memberId]);
  });

  it('cancels a pending transfer when its recipient is removed', async () => {
    const team = await newTeam(server, ['admin', 'viewer']);
    const admin = person(team, 'admin');
    const transfer = await offer(team, team.owner.token, admin.memberId);
    await http(server, 'DELETE', `/v1/orgs/${team.org.id}/members/${admin.memberId}`, { token: team.owner.token });
    const { lines } = await snapshot(server, team.owner.token, team.org.id);
    const rows = lines.flatMap((l) => (l.type === 'rows' && l.entity === 'ownershipTransfer' ? l.rows : []));
    expect(rows).toMatchObject([{ id: transfer.body.id, status: 'cancelled' }]);
  });
});
