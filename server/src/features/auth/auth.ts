import { hash, verify } from '@node-rs/argon2';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { bearer, emailOTP } from 'better-auth/plugins';
import type { FastifyBaseLogger } from 'fastify';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../../db/client';
import { accounts, sessions, users, verifications } from '../../db/schema';
import type { Env } from '../../env';
import type { Mailer } from '../../mail/mailer';
import { codeMail } from './auth.mail';

const sessionDays = 30;
export const codeTtlSeconds = 10 * 60;

/**
 * Better Auth, used only through its server API (`auth.api.*`) from our own routes. Its tables are
 * reached with the connecting role (not botdesk_app): sessions and password hashes are not tenant data.
 */
export function createAuth(options: { env: Env; database: Database; mailer: Mailer; log: FastifyBaseLogger }) {
  const { env, database, mailer, log } = options;
  return betterAuth({
    appName: 'Botdesk',
    baseURL: env.PUBLIC_URL,
    basePath: '/v1/auth',
    secret: env.BOTDESK_AUTH_SECRET,
    telemetry: { enabled: false },
    // Into our logger (and its redaction); extra arguments are dropped as they may carry user data.
    logger: { level: 'warn', log: (level, message) => log[level]({ source: 'better-auth' }, message) },
    // Our routes rate-limit per email and per IP themselves (rate-limit.ts).
    rateLimit: { enabled: false },
    database: drizzleAdapter(database.db, {
      provider: 'pg',
      schema: { user: users, session: sessions, account: accounts, verification: verifications },
    }),
    advanced: { database: { generateId: () => uuidv7() } },
    session: { expiresIn: sessionDays * 24 * 60 * 60, updateAge: 24 * 60 * 60 },
    emailAndPassword: {
      enabled: true,
      autoSignIn: true,
      minPasswordLength: 10,
      maxPasswordLength: 128,
      // Whoever registered someone else's address loses it when the owner resets the password.
      revokeSessionsOnPasswordReset: true,
      password: {
        // @node-rs/argon2 defaults to argon2id.
        hash: (password) => hash(password),
        verify: ({ hash: stored, password }) => verify(stored, password),
      },
    },
    plugins: [
      bearer(),
      emailOTP({
        otpLength: 6,
        expiresIn: codeTtlSeconds,
        allowedAttempts: 5,
        storeOTP: 'hashed',
        async sendVerificationOTP({ email, otp, type }) {
          const message = codeMail(email, otp, type);
          // Not awaited by the request: sending time must not reveal whether an account exists.
          mailer.send(message).catch((error: unknown) => log.error({ err: error, to: email }, 'sending a code failed'));
        },
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
