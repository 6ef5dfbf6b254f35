import { expect } from 'vitest';
import type { AuthResult } from '@shared/schemas/user';
import { eq } from 'drizzle-orm';
import type { BuiltInRoleKey } from '@shared/permissions';
import type { Org } from '@shared/schemas/org';
import type { Invitation } from '@shared/schemas/people';
import { roles } from '../../db/schema';
import { withTx } from '../../db/tx';
import { http } from '../../testing/http';
import { signUpUser, testPassword, uniqueEmail } from '../../testing/test-server';
import type { MailMessage, TestServer } from '../../testing/test-server';

// Test helpers of the invitations feature: accounts, an org, and invitations read back from the mailbox.

export type Account = { token: string; userId: string; email: string };

/** A verified account. */
export async function account(server: TestServer, label: string): Promise<Account> {
  const { token, user } = await signUpUser(server, { email: uniqueEmail(label), name: label });
  return { token, userId: user.id, email: user.email };
}

/** An account whose email is not verified yet (the sign-up code is left unused). */
export async function unverifiedAccount(server: TestServer, label: string): Promise<Account> {
  const email = uniqueEmail(label);
  const res = await http<AuthResult>(server, 'POST', '/v1/auth/sign-up/email', {
    body: { email, name: label, password: testPassword },
  });
  expect(res.status).toBe(200);
  await server.mail.latestCode(email);
  return { token: res.body.token, userId: res.body.user.id, email };
}

export async function createOrg(server: TestServer, owner: Account, name = 'Acme Robotics'): Promise<Org> {
  const res = await http<Org>(server, 'POST', '/v1/orgs', { token: owner.token, body: { name } });
  expect(res.status).toBe(200);
  return res.body;
}

/** Role ids of an org by built-in key. */
export async function roleIds(server: TestServer, orgId: string): Promise<Record<BuiltInRoleKey, string>> {
  const rows = await withTx(server.app.database, { userId: null, orgId }, (c) =>
    c.tx.select({ id: roles.id, key: roles.key }).from(roles).where(eq(roles.orgId, orgId)),
  );
  return Object.fromEntries(rows.map((r) => [r.key ?? r.id, r.id])) as Record<BuiltInRoleKey, string>;
}

const linkPattern = /botdesk:\/\/accept-invite\/([A-Za-z0-9_-]{43})/;

/** The token of an invitation email (from its link). */
export function tokenOf(mail: MailMessage): string {
  const token = linkPattern.exec(mail.text)?.[1];
  expect(token).toBeDefined();
  return token ?? '';
}

/** Invites through HTTP and reads the token from the mail that arrived. */
export async function invite(
  server: TestServer,
  inviter: Account,
  orgId: string,
  body: { email: string; name?: string; roleId?: string },
): Promise<{ invitation: Invitation; token: string; mail: MailMessage }> {
  const res = await http<Invitation>(server, 'POST', `/v1/orgs/${orgId}/invitations`, { token: inviter.token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const mail = await server.mail.waitFor(body.email, (m) => linkPattern.test(m.text));
  return { invitation: res.body, token: tokenOf(mail), mail };
}

export function accept(server: TestServer, who: Account, token: string) {
  return http<Org>(server, 'POST', '/v1/invitations/accept', { token: who.token, body: { token } });
}

export function pendingList(server: TestServer, who: Account, orgId: string) {
  return http<{ invitations: Invitation[] }>(server, 'GET', `/v1/orgs/${orgId}/invitations`, { token: who.token });
}
