import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpUser, startTestServer, testPassword, uniqueEmail } from '../../../../server/src/testing/test-server';
import type { TestServer } from '../../../../server/src/testing/test-server';
import type { Notice } from '@shared/ipc';
import type { Org } from '@shared/schemas/org';
import { openTestCore } from '../testing/test-core';
import type { TestCore } from '../testing/test-core';
import { waitUntil } from '../testing/wait';
import { csvField } from './csv';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

async function deskFor(name: string): Promise<{ desk: TestCore; email: string }> {
  const email = uniqueEmail(name.toLowerCase());
  await signUpUser(server, { email, name });
  const desk = await openTestCore();
  await desk.call('session.signIn', { serverUrl: server.url, email, password: testPassword });
  return { desk, email };
}

async function inviteToken(email: string): Promise<string> {
  const mail = await server.mail.waitFor(email, (m) => m.text.includes('accept-invite/'));
  const token = /botdesk:\/\/accept-invite\/([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error('no token in the invitation mail');
  return token;
}

/** An owner with a team org, and a second person invited into it and joined. */
async function teamWithMember() {
  const owner = await deskFor('Olive');
  const org = (await owner.desk.call('mutate', {
    orgId: null,
    name: 'org.create',
    args: { name: 'People Co' },
  })) as Org;
  const guest = await deskFor('Gus');
  const roles = await owner.desk.call('roles.list', { orgId: org.id });
  const developer = roles.find((r) => r.key === 'developer');
  await owner.desk.call('mutate', {
    orgId: org.id,
    name: 'invitation.create',
    args: { email: guest.email, roleId: developer?.id },
  });
  const token = await inviteToken(guest.email);
  await guest.desk.call('mutate', { orgId: null, name: 'invitation.accept', args: { token } });
  const member = await waitUntil(
    async () => (await owner.desk.call('members.list', { orgId: org.id })).find((m) => m.email === guest.email),
    'the new member on the owner’s desktop',
  );
  return { owner, guest, org, roles, member };
}

describe('people on the desktop', () => {
  it('invites, previews and accepts: the org is on the guest’s desktop and active', async () => {
    const owner = await deskFor('Ivy');
    const org = (await owner.desk.call('mutate', {
      orgId: null,
      name: 'org.create',
      args: { name: 'Invite Co' },
    })) as Org;
    const guest = await deskFor('Hal');

    await owner.desk.call('mutate', {
      orgId: org.id,
      name: 'invitation.create',
      args: { email: guest.email, name: 'Hal' },
    });
    expect((await owner.desk.call('invitations.list', { orgId: org.id })).map((i) => i.email)).toEqual([guest.email]);
    const token = await inviteToken(guest.email);
    const preview = await guest.desk.call('invitations.lookup', { token });
    expect(preview).toMatchObject({ orgName: 'Invite Co', email: guest.email });

    const joined = (await guest.desk.call('mutate', {
      orgId: null,
      name: 'invitation.accept',
      args: { token },
    })) as Org;

    expect(joined.id).toBe(org.id);
    expect((await guest.desk.call('orgs.get', { orgId: org.id })).local.state).toBe('ready');
    expect(await guest.desk.call('orgs.lastActive', {})).toEqual({ orgId: org.id });
    await waitUntil(
      async () => (await owner.desk.call('invitations.list', { orgId: org.id })).length === 0,
      'the invitation gone',
    );
    await owner.desk.close();
    await guest.desk.close();
  });

  it('changes a role at once locally, and the member’s desktop follows', async () => {
    const { owner, guest, org, roles, member } = await teamWithMember();
    const viewer = roles.find((r) => r.key === 'viewer');
    if (!viewer) throw new Error('no viewer role');

    await owner.desk.call('mutate', {
      orgId: org.id,
      name: 'member.update',
      args: { memberId: member.id, patch: { roleId: viewer.id } },
    });

    const local = (await owner.desk.call('members.list', { orgId: org.id })).find((m) => m.id === member.id);
    expect(local?.roleId).toBe(viewer.id);
    await waitUntil(
      async () => (await guest.desk.call('orgs.get', { orgId: org.id })).role.key === 'viewer',
      'the new role on the guest',
    );
    await waitUntil(async () => (await owner.desk.call('sync.status', {})).pendingCount === 0, 'the change pushed');
    await owner.desk.close();
    await guest.desk.close();
  });

  it('counts members for the Overview, a pending deactivation included', async () => {
    const { owner, guest, org, member } = await teamWithMember();
    expect(await owner.desk.call('members.count', { orgId: org.id })).toEqual({ active: 2, total: 2 });

    await owner.desk.call('mutate', {
      orgId: org.id,
      name: 'member.update',
      args: { memberId: member.id, patch: { status: 'deactivated' } },
    });

    expect(await owner.desk.call('members.count', { orgId: org.id })).toEqual({ active: 1, total: 2 });
    await waitUntil(async () => (await owner.desk.call('sync.status', {})).pendingCount === 0, 'the change pushed');
    await owner.desk.call('sync.retry', {});
    expect(await owner.desk.call('members.count', { orgId: org.id })).toEqual({ active: 1, total: 2 });
    await owner.desk.close();
    await guest.desk.close();
  });

  it('refuses locally what the rank rules forbid, queuing nothing', async () => {
    const { owner, guest, org, roles } = await teamWithMember();
    const admin = roles.find((r) => r.key === 'admin');
    const me = await guest.desk.call('orgs.get', { orgId: org.id });

    const self = await guest.desk.fail('mutate', {
      orgId: org.id,
      name: 'member.update',
      args: { memberId: me.memberId, patch: { roleId: admin?.id ?? '' } },
    });
    expect(self.code).toBe('forbidden');
    const ownerSummary = await owner.desk.call('orgs.get', { orgId: org.id });
    const lastOwner = await owner.desk.fail('mutate', {
      orgId: org.id,
      name: 'member.update',
      args: { memberId: ownerSummary.memberId, patch: { status: 'deactivated' } },
    });
    expect(lastOwner.code).toBe('forbidden');
    const leave = await owner.desk.fail('mutate', { orgId: org.id, name: 'org.leave', args: {} });
    expect(leave.code).toBe('last_owner');
    expect((await guest.desk.call('sync.status', {})).pendingCount).toBe(0);
    await owner.desk.close();
    await guest.desk.close();
  });

  it('removes a member: their desktop purges the org and says so', async () => {
    const { owner, guest, org, member } = await teamWithMember();
    const notices: Notice[] = [];
    guest.desk.core.on('notice', (n) => notices.push(n));

    await owner.desk.call('mutate', { orgId: org.id, name: 'member.remove', args: { memberId: member.id } });

    expect((await owner.desk.call('members.list', { orgId: org.id })).some((m) => m.id === member.id)).toBe(false);
    await waitUntil(() => notices.find((n) => n.orgId === org.id), 'the removal notice');
    expect((await guest.desk.fail('orgs.get', { orgId: org.id })).code).toBe('not_found');
    await owner.desk.close();
    await guest.desk.close();
  });

  it('lists the audit log newest first, pages it and exports it as CSV', async () => {
    const { owner, org } = await teamWithMember();
    const all = await waitUntil(async () => {
      const page = await owner.desk.call('audit.list', { orgId: org.id, limit: 100 });
      return page.events.length >= 2 ? page.events : undefined;
    }, 'audit events');
    expect([...all].sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id))).toEqual(all);

    const first = await owner.desk.call('audit.list', { orgId: org.id, limit: 1 });
    expect(first.next).not.toBeNull();
    const second = await owner.desk.call('audit.list', { orgId: org.id, limit: 1, before: first.next ?? undefined });
    expect(second.events[0]?.id).toBe(all[1]?.id);
    const action = all[0]?.action ?? '';
    const filtered = await owner.desk.call('audit.list', { orgId: org.id, limit: 100, action });
    expect(filtered.events.every((e) => e.action === action)).toBe(true);

    const { csv, count } = await owner.desk.call('audit.exportCsv', { orgId: org.id, filters: {} });
    expect(count).toBe(all.length);
    expect(csv.split('\r\n')[0]).toBe('time,actor,actor_id,action,target_type,target_id,target,before,after');
    await owner.desk.close();
  });

  it('hands ownership over only when the recipient accepts', async () => {
    const { owner, guest, org, member } = await teamWithMember();

    await owner.desk.call('mutate', { orgId: org.id, name: 'ownership.transfer', args: { memberId: member.id } });

    const offer = await waitUntil(
      async () => (await guest.desk.call('ownership.pending', { orgId: org.id })) ?? undefined,
      'the offer on the guest',
    );
    expect(offer.toMemberId).toBe(member.id);
    expect((await owner.desk.call('orgs.get', { orgId: org.id })).role.key).toBe('owner');
    await guest.desk.call('mutate', { orgId: org.id, name: 'ownership.accept', args: { transferId: offer.id } });
    await waitUntil(
      async () => (await guest.desk.call('orgs.get', { orgId: org.id })).role.key === 'owner',
      'the guest as owner',
    );
    await waitUntil(
      async () => (await owner.desk.call('orgs.get', { orgId: org.id })).role.key === 'admin',
      'the old owner as admin',
    );
    expect(await owner.desk.call('ownership.pending', { orgId: org.id })).toBeNull();
    await owner.desk.close();
    await guest.desk.close();
  });

  it('keeps an invitation pending when another account tries to accept it', async () => {
    const owner = await deskFor('Wes');
    const org = (await owner.desk.call('mutate', {
      orgId: null,
      name: 'org.create',
      args: { name: 'Wrong Co' },
    })) as Org;
    const invited = uniqueEmail('invited');
    await owner.desk.call('mutate', { orgId: org.id, name: 'invitation.create', args: { email: invited } });
    const token = await inviteToken(invited);
    const other = await deskFor('Otto');

    const error = await other.desk.fail('mutate', { orgId: null, name: 'invitation.accept', args: { token } });

    expect(error.code).toBe('forbidden');
    expect((await other.desk.call('orgs.list', {})).some((o) => o.org.id === org.id)).toBe(false);
    expect((await owner.desk.call('invitations.list', { orgId: org.id })).map((i) => i.email)).toEqual([invited]);
    await owner.desk.close();
    await other.desk.close();
  });

  it('serves the permission catalogue without the network', async () => {
    const desk = await openTestCore();
    const catalogue = await desk.call('permissions.catalogue', {});
    expect(catalogue.groups.flatMap((g) => g.permissions.map((p) => p.key))).toContain('roles.manage');
    await desk.close();
  });
});

describe('CSV fields', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=SUM(A1)', "'=SUM(A1)"],
  ])('%j → %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });
});
