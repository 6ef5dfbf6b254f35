import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import type { AuthResult, User } from '@shared/schemas/user';
import { createApp } from '../app';
import { openDatabase } from '../db/client';
import { configuredDatabaseUrl, loadEnv } from '../env';
import { startSmtpMailbox } from './test-mailbox';
import type { TestMailbox } from './test-mailbox';

export type { MailMessage, TestMailbox } from './test-mailbox';

/** A real server on 127.0.0.1 with its own database and an SMTP mailbox tests can read. */
export type TestServer = { url: string; app: FastifyInstance; mail: TestMailbox; close(): Promise<void> };

export const testPassword = 'correct-horse-battery';

/**
 * Starts a server on a random port: PGlite in memory, or — when databaseUrl is given or DATABASE_URL
 * is set — a fresh PostgreSQL database created for this server and dropped on close. Costly (PGlite
 * takes ~700 MB): start one per test file and give each test its own users.
 */
export async function startTestServer(
  opts: {
    databaseUrl?: string;
    logDestination?: { write(line: string): void };
    /** The server clock (tests that pin time: schedules, timestamps). */
    now?: () => Date;
  } = {},
): Promise<TestServer> {
  const smtp = await startSmtpMailbox();
  const dataDir = await mkdtemp(join(tmpdir(), 'botdesk-test-'));
  const baseUrl = opts.databaseUrl ?? configuredDatabaseUrl();
  const fresh = baseUrl ? await createFreshDatabase(baseUrl) : null;
  const env = loadEnv({
    NODE_ENV: 'test',
    PORT: '0',
    BOTDESK_DATA_DIR: dataDir,
    BOTDESK_AUTH_SECRET: randomBytes(32).toString('base64url'),
    SMTP_URL: smtp.url,
    LOG_LEVEL: opts.logDestination ? 'trace' : 'silent',
    DATABASE_URL: fresh?.url,
  });
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL });
  const app = await createApp({ env, database, logDestination: opts.logDestination, now: opts.now });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    mail: smtp.mailbox,
    async close() {
      await app.close();
      await database.close();
      await smtp.close();
      await fresh?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates an empty database next to baseUrl's; drop() removes it. */
export async function createFreshDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `botdesk_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      try {
        // pool.end() resolves before its sockets have closed; a forced drop would terminate them
        // mid-close and their unhandled FATAL would fail the test run. Wait for them to go first.
        await waitForNoBackends(client, name);
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

async function waitForNoBackends(client: pg.Client, database: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
      [database],
    );
    if (rows[0]?.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Signs up through HTTP and verifies the email with the mailed code; returns the session token and user. */
export async function signUpUser(
  server: TestServer,
  input: { email: string; name: string; password?: string },
): Promise<{ token: string; user: User }> {
  const body = { email: input.email, name: input.name, password: input.password ?? testPassword };
  const signUp = await fetch(`${server.url}/v1/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!signUp.ok) throw new Error(`sign-up failed: ${signUp.status} ${await signUp.text()}`);
  const { token, user } = (await signUp.json()) as AuthResult;
  const code = await server.mail.latestCode(user.email);
  const verify = await fetch(`${server.url}/v1/auth/verify-email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ code }),
  });
  if (!verify.ok) throw new Error(`verify-email failed: ${verify.status} ${await verify.text()}`);
  return { token, user: { ...user, emailVerified: true } };
}

/** A unique email per call, so tests sharing one server never collide. */
export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomBytes(5).toString('hex')}@example.test`;
}
