import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { myMembershipSchema, orgSchema } from '@shared/schemas/org';
import type { MyMembership, Org } from '@shared/schemas/org';
import { authResultSchema } from '@shared/schemas/user';
import type { User } from '@shared/schemas/user';
import type { TestMailbox } from '../../server/src/testing/test-mailbox';

/** A verified user of the bench server with a session token. */
export type Account = { token: string; user: User; password: string };

const password = 'bench-password-2026';
const meSchema = z.object({ memberships: z.array(myMembershipSchema) });

/** One JSON request; a non-2xx answer throws with its body. */
export async function api<T>(
  baseUrl: string,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  schema: z.ZodType<T>,
  options: { token?: string; body?: unknown } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? null : JSON.stringify(options.body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return schema.parse(text ? JSON.parse(text) : {});
}

/** Signs up through HTTP and enters the mailed code, as a person would. */
export async function signUp(baseUrl: string, mailbox: TestMailbox, name: string): Promise<Account> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomBytes(4).toString('hex')}@bench.example.test`;
  const { token, user } = await api(baseUrl, 'POST', '/v1/auth/sign-up/email', authResultSchema, {
    body: { email, password, name },
  });
  const code = await mailbox.latestCode(user.email);
  await api(baseUrl, 'POST', '/v1/auth/verify-email', z.unknown(), { token, body: { code } });
  return { token, user: { ...user, emailVerified: true }, password };
}

export async function createOrg(baseUrl: string, owner: Account, name: string): Promise<Org> {
  return api(baseUrl, 'POST', '/v1/orgs', orgSchema, { token: owner.token, body: { name } });
}

/** The account's membership of an org, as `GET /v1/me` lists it (what a desktop records before bootstrap). */
export async function membershipOf(baseUrl: string, account: Account, orgId: string): Promise<MyMembership> {
  const me = await api(baseUrl, 'GET', '/v1/me', meSchema, { token: account.token });
  const found = me.memberships.find((m) => m.org.id === orgId);
  if (!found) throw new Error(`${account.user.email} is not a member of ${orgId}`);
  return found;
}

/** Renames an org through `PATCH /v1/orgs/:orgId` (one server commit). */
export async function renameOrg(baseUrl: string, account: Account, orgId: string, name: string): Promise<void> {
  await api(baseUrl, 'PATCH', `/v1/orgs/${orgId}`, orgSchema, { token: account.token, body: { name } });
}
