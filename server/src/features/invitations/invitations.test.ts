import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { MyMembership } from '@shared/schemas/org';
import type { InvitationPreview } from '@shared/schemas/people';
import type { User } from '@shared/schemas/user';
import { memberships } from '../../db/schema';
import { http } from '../../testing/http';
import { startTestServer, uniqueEmail } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { addMember } from '../sync/test-fixtures';
import {
  accept,
  account,
  createOrg,
  invite,
  pendingList,
  roleIds,
  tokenOf,
  unverifiedAccount,
} from './invitation-fixtures';
import { mintInvitationToken } from './invitation-token';

let server: TestServer;
const realNow = () => new Date();
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  server.app.now = realNow;
});
afterAll(async () => {
  await server?.close();
});

const invalidBody = { error: { code: 'invitation_invalid', message: expect.any(String) as string } };
const day = 24 * 60 * 60 * 1000;

function lookup(token: unknown) {
  return http<InvitationPreview>(server, 'POST', '/v1/invitations/lookup', { body: { token } });
}

describe('invitations', () => {
  it('mails the link and the code naming org, inviter and role; the token previews without a session', async () => {
    const owner = await account(server, 'Olivia');
    const org = await createOrg(server, owner, 'Mail Test Co');
    const ids = await roleIds(server, org.id);
    const email = uniqueEmail('invitee');
    const { invitation, token, mail } = await invite(server, owner, org.id, {
      email,
      name: 'Ivy',
      roleId: ids.developer,
    });

    expect(invitation).toMatchObject({
      email,
      name: 'Ivy',
      roleId: ids.developer,
      status: 'pending',
      inviterName: 'Olivia',
    });
    expect(Date.parse(invitation.expiresAt) - Date.now()).toBeGreaterThan(6.9 * day);
    expect(JSON.stringify(invitation)).not.toContain(token);
    expect(mail.subject).toContain('Mail Test Co');
    expect(mail.text).toContain(`botdesk://accept-invite/${token}`);
    expect(mail.text.split(token).length - 1).toBe(2); // the link and the code to paste
    expect(mail.text).toContain('Olivia');
    expect(mail.text).toContain('Developer');

    const preview = await lookup(token);
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      orgName: 'Mail Test Co',
      orgSlug: org.slug,
      inviterName: 'Olivia',
      roleName: 'Developer',
      email,
      expiresAt: invitation.expiresAt,
    });
    const list = await pendingList(server, owner, org.id);
    expect(list.body.invitations.map((i) => i.id)).toEqual([invitation.id]);
  });

  it('joins the right account with the role, proves its email, and works once', async () => {
    const owner = await account(server, 'Owner');
    const org = await createOrg(server, owner);
    const ids = await roleIds(server, org.id);
    const invitee = await unverifiedAccount(server, 'Newbie');
    const { token } = await invite(server, owner, org.id, { email: invitee.email.toUpperCase(), roleId: ids.manager });

    const joined = await accept(server, invitee, token);
    expect(joined.status, JSON.stringify(joined.body)).toBe(200);
    expect(joined.body.id).toBe(org.id);
    const me = await http<{ user: User; memberships: MyMembership[] }>(server, 'GET', '/v1/me', {
      token: invitee.token,
    });
    expect(me.body.user.emailVerified).toBe(true);
    expect(me.body.memberships.find((m) => m.org.id === org.id)?.role.key).toBe('manager');
    expect((await pendingList(server, owner, org.id)).body.invitations).toEqual([]);

    const again = await accept(server, invitee, token);
    expect(again.status).toBe(400);
    expect(again.body).toEqual(invalidBody);
    expect((await lookup(token)).body).toEqual(invalidBody);
  });

  it('refuses another account with "This invitation is for …" and keeps it pending', async () => {
    const owner = await account(server, 'Owner');
    const org = await createOrg(server, owner);
    const email = uniqueEmail('right');
    const { token, invitation } = await invite(server, owner, org.id, { email });
    const other = await account(server, 'Wrong');

    const refused = await accept(server, other, token);
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ error: { code: 'forbidden', message: `This invitation is for ${email}` } });
    const declined = await http(server, 'POST', '/v1/invitations/decline', { token: other.token, body: { token } });
    expect(declined.status).toBe(403);
    expect((await pendingList(server, owner, org.id)).body.invitations.map((i) => i.id)).toEqual([invitation.id]);
    expect((await lookup(token)).status).toBe(200);
  });

  it('answers every dead or bad token with the same invitation_invalid body', async () => {
    const owner = await account(server, 'Owner');
    const org = await createOrg(server, owner);
    const revoked = await invite(server, owner, org.id, { email: uniqueEmail('revoked') });
    expect(
      (await http(server, 'DELETE', `/v1/orgs/${org.id}/invitations/${revoked.invitation.id}`, { token: owner.token }))
        .status,
    ).toBe(200);
    const declinedFor = await account(server, 'Decliner');
    const declined = await invite(server, owner, org.id, { email: declinedFor.email });
    const decline = await http(server, 'POST', '/v1/invitations/decline', {
      token: declinedFor.token,
      body: { token: declined.token },
    });
    expect(decline.status).toBe(200);
    const expiring = await invite(server, owner, org.id, { email: uniqueEmail('late') });

    const live = await lookup(expiring.token);
    expect(live.status).toBe(200);
    server.app.now = () => new Date(Date.now() + 7 * day + 60_000);
    const answers = await Promise.all(
      [
        mintInvitationToken(),
        'not-a-token',
        expiring.token.toLowerCase(),
        expiring.token,
        revoked.token,
        declined.token,
      ].map(async (t) => ({ status: (await lookup(t)).status, body: (await lookup(t)).body })),
    );
    const first = answers[0];
    expect(first).toEqual({ status: 400, body: invalidBody });
    for (const a of answers) expect(a).toEqual(first);
    const late = await account(server, 'Late');
    expect((await accept(server, late, expiring.token)).body).toEqual(first?.body);
  });

  it('resend mails a new token with a new expiry and kills the old one', async () => {
    const owner = await account(server, 'Owner');
    const org = await createOrg(server, owner);
    const email = uniqueEmail('resend');
    const first = await invite(server, owner, org.id, { email });
    server.app.now = () => new Date(Date.now() + 8 * day);
    const resent = await http<{ expiresAt: string }>(
      server,
      'POST',
      `/v1/orgs/${org.id}/invitations/${first.invitation.id}/resend`,
      { token: owner.token },
    );
    expect(resent.status).toBe(200);
    expect(Date.parse(resent.body.expiresAt)).toBeGreaterThan(Date.now() + 14 * day);
    const second = tokenOf(await server.mail.waitFor(email));
    expect(second).not.toBe(first.token);
    expect((await lookup(first.token)).body).toEqual(invalidBody);
    expect((await lookup(second)).status).toBe(200);
  });

  it('re-inviting an address revokes the older invitation', async () => {
    const owner = await account(server, 'Owner');
    const org = await createOrg(server, owner);
    const email = uniqueEmail('twice');
    const older = await invite(server, owner, org.id, { email });
    const newer = await invite(server, owner, org.id, { email, name: 'Second try' });
    expect((await lookup(older.token)).body).toEqual(invalidBody);
    expect((await lookup(newer.token)).status).toBe(200);
    expect((await pendingList(server, owner, org.id)).body.invitations.map((i) => i.id)).toEqual([newer.invitation.id]);
  });

  it('lets a manager invite only with the default role and a co_admin only within its ceiling', async () => {
    const owner = await account(server, 'Owner');
    const org = await createOrg(server, owner);
    const ids = await roleIds(server, org.id);
    const manager = await account(server, 'Manager');
    await addMember(server, org.id, manager.userId, 'manager');
    const coAdmin = await account(server, 'CoAdmin');
    await addMember(server, org.id, coAdmin.userId, 'co_admin');
    const viewer = await account(server, 'Viewer');
    await addMember(server, org.id, viewer.userId, 'viewer');

    const byManager = await invite(server, manager, org.id, { email: uniqueEmail('m') });
    expect(byManager.invitation.roleId).toBe(org.defaultRoleId);
    const chosen = await http(server, 'POST', `/v1/orgs/${org.id}/invitations`, {
      token: manager.token,
      body: { email: uniqueEmail('m2'), roleId: ids.viewer },
    });
    expect(chosen.status).toBe(403);
    expect(chosen.body).toMatchObject({ error: { code: 'forbidden' } });

    const asAdmin = await http(server, 'POST', `/v1/orgs/${org.id}/invitations`, {
      token: coAdmin.token,
      body: { email: uniqueEmail('c'), roleId: ids.admin },
    });
    expect(asAdmin.status).toBe(403);
    expect(asAdmin.body).toMatchObject({
      error: { code: 'forbidden', message: expect.stringContaining('Admin') as string },
    });
    // Free up the seat the manager's invitation holds (owner + 3 members + 1 pending = 5).
    await http(server, 'DELETE', `/v1/orgs/${org.id}/invitations/${byManager.invitation.id}`, { token: owner.token });
    const asManager = await invite(server, coAdmin, org.id, { email: uniqueEmail('c2'), roleId: ids.manager });
    expect(asManager.invitation.roleId).toBe(ids.manager);

    const byViewer = await http(server, 'POST', `/v1/orgs/${org.id}/invitations`, {
      token: viewer.token,
      body: { email: uniqueEmail('v') },
    });
    expect(byViewer.status).toBe(403);
    expect((await pendingList(server, viewer, org.id)).status).toBe(403);
  });

  it('refuses an address that is already a member', async () => {
    const owner = await account(server, 'Owner');
    const org = await createOrg(server, owner);
    const res = await http(server, 'POST', `/v1/orgs/${org.id}/invitations`, {
      token: owner.token,
      body: { email: owner.email },
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      error: { code: 'conflict', message: expect.stringContaining('already a member') as string },
    });
  });

  it('counts active members and pending invitations against the Free plan’s 5 seats', async () => {
    const owner = await account(server, 'Owner');
    const org = await createOrg(server, owner);
    const member = await account(server, 'Member');
    const memberId = await addMember(server, org.id, member.userId, 'viewer');
    const sent = [];
    for (let i = 0; i < 3; i += 1) sent.push(await invite(server, owner, org.id, { email: uniqueEmail(`seat${i}`) }));
    const full = await http(server, 'POST', `/v1/orgs/${org.id}/invitations`, {
      token: owner.token,
      body: { email: uniqueEmail('sixth') },
    });
    expect(full.status).toBe(402);
    expect(full.body).toMatchObject({
      error: { code: 'limit_reached', message: expect.stringContaining('5 seats') as string },
    });

    // A deactivated member frees their seat.
    await server.app.database.db
      .update(memberships)
      .set({ status: 'deactivated' })
      .where(and(eq(memberships.orgId, org.id), eq(memberships.id, memberId)));
    await invite(server, owner, org.id, { email: uniqueEmail('freed') });
    const again = await http(server, 'POST', `/v1/orgs/${org.id}/invitations`, {
      token: owner.token,
      body: { email: uniqueEmail('seventh') },
    });
    expect(again.status).toBe(402);
    const revoked = sent[0]?.invitation.id ?? '';
    await http(server, 'DELETE', `/v1/orgs/${org.id}/invitations/${revoked}`, { token: owner.token });
    await invite(server, owner, org.id, { email: uniqueEmail('after-revoke') });
  });
});
