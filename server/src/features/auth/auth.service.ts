import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { AppError } from '@shared/errors';
import type { AuthResult, SessionInfo, User } from '@shared/schemas/user';
import type { MyMembership } from '@shared/schemas/org';
import { memberships, users } from '../../db/schema';
import { switchOrg, withTx } from '../../db/tx';
import { recordChange } from '../sync/change-log';
import { listMyMemberships, recordLastLogin } from '../orgs/membership';
import { ensurePersonalOrg } from '../orgs/personal-org';
import { loadMemberView } from '../orgs/sync-views';
import { callAuth } from './auth.errors';
import type { AuthContext } from './auth.guard';
import { authLimits } from './rate-limit';
import { userView } from './user-view';

/** Who is asking, for rate limits and the session list. */
export type ClientMeta = { ip: string; userAgent: string | undefined; authorization?: string | undefined };

function authHeaders(meta: ClientMeta): Headers {
  const headers = new Headers({ 'x-forwarded-for': meta.ip });
  if (meta.userAgent) headers.set('user-agent', meta.userAgent);
  if (meta.authorization) headers.set('authorization', meta.authorization);
  return headers;
}

/** Creates the account, its session and personal workspace, and mails the verification code. */
export async function signUp(
  app: FastifyInstance,
  input: { email: string; password: string; name: string },
  meta: ClientMeta,
): Promise<AuthResult> {
  app.rateLimiter.hit([
    { key: `sign-up:email:${input.email}`, limit: authLimits.signUpPerEmail },
    { key: `sign-up:ip:${meta.ip}`, limit: authLimits.signUpPerIp },
  ]);
  const result = await callAuth(() => app.auth.api.signUpEmail({ body: input, headers: authHeaders(meta) }));
  if (!result.token) throw new AppError('internal', 'Sign-up did not open a session');
  await ensurePersonalOrg(app.database, result.user);
  // Signing up is the first sign-in: the People page shows it as the last login.
  await withTx(app.database, { userId: result.user.id, orgId: null }, recordLastLogin);
  await callAuth(() =>
    app.auth.api.sendVerificationOTP({ body: { email: result.user.email, type: 'email-verification' } }),
  );
  return { token: result.token, user: userView(result.user) };
}

export async function signIn(
  app: FastifyInstance,
  input: { email: string; password: string },
  meta: ClientMeta,
): Promise<AuthResult> {
  app.rateLimiter.hit([
    { key: `sign-in:email:${input.email}`, limit: authLimits.signInPerEmail },
    { key: `sign-in:ip:${meta.ip}`, limit: authLimits.signInPerIp },
  ]);
  const result = await callAuth(() => app.auth.api.signInEmail({ body: input, headers: authHeaders(meta) }));
  await ensurePersonalOrg(app.database, result.user);
  await withTx(app.database, { userId: result.user.id, orgId: null }, recordLastLogin);
  return { token: result.token, user: userView(result.user) };
}

export async function signOut(app: FastifyInstance, meta: ClientMeta): Promise<void> {
  await callAuth(() => app.auth.api.signOut({ headers: authHeaders(meta) }));
}

/** Proves the signed-in user's email with the mailed code. */
export async function verifyEmail(
  app: FastifyInstance,
  who: AuthContext,
  code: string,
  meta: ClientMeta,
): Promise<User> {
  app.rateLimiter.hit([
    { key: `code:email:${who.user.email}`, limit: authLimits.codePerEmail },
    { key: `code:ip:${meta.ip}`, limit: authLimits.codePerIp },
  ]);
  const result = await callAuth(() => app.auth.api.verifyEmailOTP({ body: { email: who.user.email, otp: code } }));
  return userView(result.user);
}

export async function resendVerification(app: FastifyInstance, who: AuthContext, meta: ClientMeta): Promise<void> {
  if (who.user.emailVerified) return;
  app.rateLimiter.hit([
    { key: `resend:email:${who.user.email}`, limit: authLimits.resetRequestPerEmail },
    { key: `resend:ip:${meta.ip}`, limit: authLimits.resetRequestPerIp },
  ]);
  await callAuth(() =>
    app.auth.api.sendVerificationOTP({ body: { email: who.user.email, type: 'email-verification' } }),
  );
}

/** Mails a reset code when the account exists; answers the same either way. */
export async function requestPasswordReset(app: FastifyInstance, email: string, meta: ClientMeta): Promise<void> {
  app.rateLimiter.hit([
    { key: `reset:email:${email}`, limit: authLimits.resetRequestPerEmail },
    { key: `reset:ip:${meta.ip}`, limit: authLimits.resetRequestPerIp },
  ]);
  await callAuth(() => app.auth.api.requestPasswordResetEmailOTP({ body: { email } }));
}

/** Sets a new password with the mailed code; every session of the account ends. */
export async function confirmPasswordReset(
  app: FastifyInstance,
  input: { email: string; code: string; password: string },
  meta: ClientMeta,
): Promise<void> {
  app.rateLimiter.hit([
    { key: `code:email:${input.email}`, limit: authLimits.codePerEmail },
    { key: `code:ip:${meta.ip}`, limit: authLimits.codePerIp },
  ]);
  await callAuth(() =>
    app.auth.api.resetPasswordEmailOTP({ body: { email: input.email, otp: input.code, password: input.password } }),
  );
}

/** Changes the password with the current one; every other session ends and the caller gets a fresh token. */
export async function changePassword(
  app: FastifyInstance,
  input: { currentPassword: string; newPassword: string },
  meta: ClientMeta,
): Promise<AuthResult> {
  try {
    const result = await callAuth(() =>
      app.auth.api.changePassword({ body: { ...input, revokeOtherSessions: true }, headers: authHeaders(meta) }),
    );
    if (!result.token) throw new AppError('internal', 'Changing the password did not open a new session');
    return { token: result.token, user: userView(result.user) };
  } catch (error) {
    if (error instanceof AppError && error.code === 'unauthenticated' && error.message.startsWith('Wrong')) {
      throw new AppError('validation_failed', 'The current password is not right');
    }
    throw error;
  }
}

export async function getMe(
  app: FastifyInstance,
  who: AuthContext,
): Promise<{ user: User; memberships: MyMembership[] }> {
  const list = await withTx(app.database, { userId: who.userId, orgId: null }, listMyMemberships);
  return { user: who.user, memberships: list };
}

/** Renames the user; the new name reaches every org they belong to through its change log. */
export async function updateProfile(app: FastifyInstance, who: AuthContext, name: string): Promise<User> {
  return withTx(app.database, { userId: who.userId, orgId: null }, async (c) => {
    const [row] = await c.tx
      .update(users)
      .set({ name, updatedAt: sql`now()` })
      .where(eq(users.id, who.userId))
      .returning();
    if (!row) throw new AppError('not_found', 'Account not found');
    const mine = await c.tx
      .select({ orgId: memberships.orgId, id: memberships.id })
      .from(memberships)
      .where(eq(memberships.userId, who.userId));
    for (const m of mine) {
      const scoped = await switchOrg(c, m.orgId);
      const view = await loadMemberView(scoped, m.orgId, m.id);
      if (view)
        await recordChange(scoped, { orgId: m.orgId, entity: 'member', entityId: m.id, op: 'upsert', data: view });
    }
    return userView(row);
  });
}

export async function listSessions(app: FastifyInstance, who: AuthContext, meta: ClientMeta): Promise<SessionInfo[]> {
  const list = await callAuth(() => app.auth.api.listSessions({ headers: authHeaders(meta) }));
  return list
    .map((s) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      userAgent: s.userAgent ?? null,
      ipAddress: s.ipAddress ?? null,
      current: s.id === who.sessionId,
    }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export async function revokeSession(app: FastifyInstance, sessionId: string, meta: ClientMeta): Promise<void> {
  const list = await callAuth(() => app.auth.api.listSessions({ headers: authHeaders(meta) }));
  const target = list.find((s) => s.id === sessionId);
  if (!target) throw new AppError('not_found', 'Session not found');
  await callAuth(() => app.auth.api.revokeSession({ body: { token: target.token }, headers: authHeaders(meta) }));
}
