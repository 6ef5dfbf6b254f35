import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { MyMembership } from '@shared/schemas/org';
import type { SessionInfo, User } from '@shared/schemas/user';
import { accounts, orgChanges, roles } from '../../db/schema';
import { withTx } from '../../db/tx';
import { http } from '../../testing/http';
import { signUpUser, startTestServer, testPassword, uniqueEmail } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

type ErrorBody = { error: { code: string; message: string } };
type Me = { user: User; memberships: MyMembership[] };

describe('sign-up', () => {
  it('returns a session and creates the personal workspace named after the user, owned by them on Free', async () => {
    const email = uniqueEmail('ann');
    const res = await http<{ token: string; user: User }>(server, 'POST', '/v1/auth/sign-up/email', {
      body: { email, password: testPassword, name: 'Ann Smith' },
    });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email, name: 'Ann Smith', emailVerified: false });

    const me = await http<Me>(server, 'GET', '/v1/me', { token: res.body.token });
    expect(me.status).toBe(200);
    expect(me.body.memberships).toHaveLength(1);
    const [personal] = me.body.memberships;
    expect(personal?.org).toMatchObject({
      name: 'Ann Smith',
      isPersonal: true,
      plan: 'free',
      ownerId: res.body.user.id,
      status: 'active',
    });
    expect(personal?.org.slug).toMatch(/^ann-smith/);
    expect(personal?.role.key).toBe('owner');
    expect(personal?.permissions).toContain('org.delete');
    const members = await http<{ members: { lastLoginAt: string | null }[] }>(
      server,
      'GET',
      `/v1/orgs/${personal?.org.id}/members`,
      {
        token: res.body.token,
      },
    );
    expect(members.body.members[0]?.lastLoginAt).not.toBeNull();
  });

  it('seeds the seven built-in roles with viewer as the default role', async () => {
    const { token } = await signUpUser(server, { email: uniqueEmail(), name: 'Roles Check' });
    const me = await http<Me>(server, 'GET', '/v1/me', { token });
    const org = me.body.memberships[0]?.org;
    const roleKeys = await server.app.database.db
      .select()
      .from(roles)
      .where(eq(roles.orgId, org?.id ?? ''));
    expect(roleKeys.map((r) => r.key).sort()).toEqual([
      'admin',
      'co_admin',
      'developer',
      'finance',
      'manager',
      'owner',
      'viewer',
    ]);
    expect(roleKeys.find((r) => r.id === org?.defaultRoleId)?.key).toBe('viewer');
  });

  it('creates the missing personal workspace at sign-in, named after the email, only once', async () => {
    const email = uniqueEmail('nameless');
    // An account made behind our routes (as an older server version could have) has no workspace yet.
    await server.app.auth.api.signUpEmail({ body: { email, password: testPassword, name: '' } });
    const first = await http<{ token: string }>(server, 'POST', '/v1/auth/sign-in/email', {
      body: { email, password: testPassword },
    });
    expect(first.status).toBe(200);
    await http(server, 'POST', '/v1/auth/sign-in/email', { body: { email, password: testPassword } });
    const me = await http<Me>(server, 'GET', '/v1/me', { token: first.body.token });
    const personal = me.body.memberships.filter((m) => m.org.isPersonal);
    expect(personal).toHaveLength(1);
    expect(personal[0]?.org.name).toBe(email.split('@')[0]);
  });

  it('stores the password as an argon2id hash', async () => {
    const { user } = await signUpUser(server, { email: uniqueEmail(), name: 'Hash' });
    const [account] = await server.app.database.db.select().from(accounts).where(eq(accounts.userId, user.id));
    expect(account?.password).toMatch(/^\$argon2id\$/);
  });

  it.each([
    ['a weak password', { password: 'short', name: 'Weak' }, 'password'],
    ['a malformed email', { email: 'not-an-email', name: 'Bad Mail' }, 'email'],
  ])('refuses %s with validation_failed naming the field', async (_label, override, field) => {
    const res = await http<ErrorBody>(server, 'POST', '/v1/auth/sign-up/email', {
      body: { email: uniqueEmail(), password: testPassword, ...override },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toContain(field);
  });

  it('refuses a taken email with conflict', async () => {
    const email = uniqueEmail('taken');
    await signUpUser(server, { email, name: 'First' });
    const res = await http<ErrorBody>(server, 'POST', '/v1/auth/sign-up/email', {
      body: { email, password: testPassword, name: 'Second' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
  });
});

describe('email verification', () => {
  it('marks the email verified with the mailed code', async () => {
    const { token, user } = await signUpUser(server, { email: uniqueEmail('verify'), name: 'Vera' });
    const me = await http<Me>(server, 'GET', '/v1/me', { token });
    expect(user.emailVerified).toBe(true);
    expect(me.body.user.emailVerified).toBe(true);
  });

  it('refuses a wrong code with a clear validation_failed and accepts a resent one', async () => {
    const email = uniqueEmail('wrong');
    const signUp = await http<{ token: string }>(server, 'POST', '/v1/auth/sign-up/email', {
      body: { email, password: testPassword, name: 'Wrong' },
    });
    const code = await server.mail.latestCode(email);
    const wrong = code === '000000' ? '111111' : '000000';
    const res = await http<ErrorBody>(server, 'POST', '/v1/auth/verify-email', {
      token: signUp.body.token,
      body: { code: wrong },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toMatch(/code/i);

    const resend = await http(server, 'POST', '/v1/auth/verify-email/resend', { token: signUp.body.token });
    expect(resend.status).toBe(200);
    const fresh = await server.mail.latestCode(email);
    const ok = await http<{ user: User }>(server, 'POST', '/v1/auth/verify-email', {
      token: signUp.body.token,
      body: { code: fresh },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.user.emailVerified).toBe(true);
  });

  it('needs a session', async () => {
    const res = await http<ErrorBody>(server, 'POST', '/v1/auth/verify-email', { body: { code: '123456' } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });
});

describe('sign-in and sessions', () => {
  it('refuses bad credentials with unauthenticated, the same for an unknown email', async () => {
    const email = uniqueEmail('cred');
    await signUpUser(server, { email, name: 'Cred' });
    const wrongPassword = await http<ErrorBody>(server, 'POST', '/v1/auth/sign-in/email', {
      body: { email, password: 'not-the-password' },
    });
    const unknown = await http<ErrorBody>(server, 'POST', '/v1/auth/sign-in/email', {
      body: { email: uniqueEmail('nobody'), password: testPassword },
    });
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.body.error.code).toBe('unauthenticated');
    expect(unknown.body).toEqual(wrongPassword.body);
  });

  it('lists sessions with the current one marked and revokes another', async () => {
    const email = uniqueEmail('sessions');
    const first = await signUpUser(server, { email, name: 'Sessions' });
    const second = await http<{ token: string }>(server, 'POST', '/v1/auth/sign-in/email', {
      body: { email, password: testPassword },
    });

    const list = await http<{ sessions: SessionInfo[] }>(server, 'GET', '/v1/me/sessions', { token: first.token });
    expect(list.body.sessions).toHaveLength(2);
    expect(list.body.sessions.filter((s) => s.current)).toHaveLength(1);
    const other = list.body.sessions.find((s) => !s.current);

    const revoked = await http(server, 'DELETE', `/v1/me/sessions/${other?.id}`, { token: first.token });
    expect(revoked.status).toBe(200);
    expect((await http(server, 'GET', '/v1/me', { token: second.body.token })).status).toBe(401);
    expect((await http(server, 'GET', '/v1/me', { token: first.token })).status).toBe(200);
  });

  it("cannot revoke another user's session", async () => {
    const a = await signUpUser(server, { email: uniqueEmail('a'), name: 'A' });
    const b = await signUpUser(server, { email: uniqueEmail('b'), name: 'B' });
    const bSessions = await http<{ sessions: SessionInfo[] }>(server, 'GET', '/v1/me/sessions', { token: b.token });
    const res = await http<ErrorBody>(server, 'DELETE', `/v1/me/sessions/${bSessions.body.sessions[0]?.id}`, {
      token: a.token,
    });
    expect(res.status).toBe(404);
    expect((await http(server, 'GET', '/v1/me', { token: b.token })).status).toBe(200);
  });

  it('signs out: the token stops working', async () => {
    const { token } = await signUpUser(server, { email: uniqueEmail('out'), name: 'Out' });
    expect((await http(server, 'POST', '/v1/auth/sign-out', { token })).status).toBe(200);
    expect((await http(server, 'GET', '/v1/me', { token })).status).toBe(401);
  });

  it('rate-limits sign-in attempts per email with 429 and Retry-After', async () => {
    const email = uniqueEmail('limited');
    let last = await http<ErrorBody>(server, 'POST', '/v1/auth/sign-in/email', {
      body: { email, password: 'wrong-password' },
    });
    for (let i = 0; i < 10; i++)
      last = await http<ErrorBody>(server, 'POST', '/v1/auth/sign-in/email', {
        body: { email, password: 'wrong-password' },
      });
    expect(last.status).toBe(429);
    expect(last.body.error.code).toBe('rate_limited');
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('password reset', () => {
  it('answers 200 for an unknown email and mails nothing', async () => {
    const email = uniqueEmail('ghost');
    const res = await http(server, 'POST', '/v1/auth/password-reset/request', { body: { email } });
    expect(res.status).toBe(200);
    expect(server.mail.messages().filter((m) => m.to === email)).toHaveLength(0);
  });

  it('sets the new password with the mailed code and ends every session', async () => {
    const email = uniqueEmail('reset');
    const { token } = await signUpUser(server, { email, name: 'Reset' });
    expect((await http(server, 'POST', '/v1/auth/password-reset/request', { body: { email } })).status).toBe(200);
    const code = await server.mail.latestCode(email);
    const newPassword = 'a-brand-new-password';
    const confirm = await http(server, 'POST', '/v1/auth/password-reset/confirm', {
      body: { email, code, password: newPassword },
    });
    expect(confirm.status).toBe(200);

    expect((await http(server, 'GET', '/v1/me', { token })).status).toBe(401);
    expect(
      (await http(server, 'POST', '/v1/auth/sign-in/email', { body: { email, password: testPassword } })).status,
    ).toBe(401);
    expect(
      (await http(server, 'POST', '/v1/auth/sign-in/email', { body: { email, password: newPassword } })).status,
    ).toBe(200);
  });

  it('refuses a wrong code with validation_failed and keeps the old password', async () => {
    const email = uniqueEmail('reset-wrong');
    await signUpUser(server, { email, name: 'Reset Wrong' });
    await http(server, 'POST', '/v1/auth/password-reset/request', { body: { email } });
    const code = await server.mail.latestCode(email);
    const wrong = code === '999999' ? '888888' : '999999';
    const res = await http<ErrorBody>(server, 'POST', '/v1/auth/password-reset/confirm', {
      body: { email, code: wrong, password: 'another-password-1' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(
      (await http(server, 'POST', '/v1/auth/sign-in/email', { body: { email, password: testPassword } })).status,
    ).toBe(200);
  });
});

describe('password change', () => {
  it('ends the other sessions and hands back a fresh token', async () => {
    const email = uniqueEmail('change');
    const first = await signUpUser(server, { email, name: 'Change' });
    const other = await http<{ token: string }>(server, 'POST', '/v1/auth/sign-in/email', {
      body: { email, password: testPassword },
    });
    const newPassword = 'changed-password-42';
    const res = await http<{ token: string }>(server, 'POST', '/v1/me/password', {
      token: first.token,
      body: { currentPassword: testPassword, newPassword },
    });
    expect(res.status).toBe(200);
    expect((await http(server, 'GET', '/v1/me', { token: other.body.token })).status).toBe(401);
    expect((await http(server, 'GET', '/v1/me', { token: res.body.token })).status).toBe(200);
    expect(
      (await http(server, 'POST', '/v1/auth/sign-in/email', { body: { email, password: newPassword } })).status,
    ).toBe(200);
  });

  it('refuses a wrong current password with validation_failed', async () => {
    const { token } = await signUpUser(server, { email: uniqueEmail('change-wrong'), name: 'Change Wrong' });
    const res = await http<ErrorBody>(server, 'POST', '/v1/me/password', {
      token,
      body: { currentPassword: 'not-my-password', newPassword: 'changed-password-42' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect((await http(server, 'GET', '/v1/me', { token })).status).toBe(200);
  });
});

describe('profile', () => {
  it('renames the user', async () => {
    const { token } = await signUpUser(server, { email: uniqueEmail('rename'), name: 'Old Name' });
    const res = await http<{ user: User }>(server, 'PATCH', '/v1/me', { token, body: { name: 'New Name' } });
    expect(res.status).toBe(200);
    const me = await http<Me>(server, 'GET', '/v1/me', { token });
    expect(me.body.user.name).toBe('New Name');
    // Every org the user belongs to learns the new name through its change log.
    const orgId = me.body.memberships[0]?.org.id ?? '';
    const changes = await withTx(server.app.database, { userId: null, orgId }, (c) =>
      c.tx.select().from(orgChanges).where(eq(orgChanges.orgId, orgId)).orderBy(orgChanges.version),
    );
    expect(changes.filter((ch) => ch.entity === 'member').at(-1)?.data).toMatchObject({ name: 'New Name' });
  });
});
