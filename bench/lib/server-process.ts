import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../server/src/app';
import { openDatabase } from '../../server/src/db/client';
import type { Database } from '../../server/src/db/client';
import { queryRows } from '../../server/src/db/tx';
import { loadEnv } from '../../server/src/env';
import { createFreshDatabase } from '../../server/src/testing/test-server';
import { serveParent } from './child';
import { addViewers, seedMembers } from './seed';

// The sync server as its own process, built the way server/src/main.ts builds it (openDatabase +
// createApp + listen; no demo seed), plus requests that seed rows with direct SQL through the same
// database handle — PGlite allows one connection, held by this process.

export type ServerStart = {
  port: number;
  dataDir: string;
  smtpUrl: string;
  /** PostgreSQL base URL: a fresh database is created next to it and dropped at shutdown. */
  databaseUrl: string | null;
};

let running: { app: FastifyInstance; database: Database; drop: (() => Promise<void>) | null } | null = null;

function current(): { app: FastifyInstance; database: Database } {
  if (!running) throw new Error('the server is not started');
  return running;
}

const handlers = {
  async start(input: ServerStart): Promise<{ url: string; kind: Database['kind']; engine: string }> {
    const fresh = input.databaseUrl ? await createFreshDatabase(input.databaseUrl) : null;
    const url = `http://127.0.0.1:${input.port}`;
    const env = loadEnv({
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(input.port),
      PUBLIC_URL: url,
      BOTDESK_DATA_DIR: input.dataDir,
      BOTDESK_AUTH_SECRET: randomBytes(32).toString('base64url'),
      SMTP_URL: input.smtpUrl,
      LOG_LEVEL: 'warn',
      DATABASE_URL: fresh?.url,
    });
    const database = await openDatabase({
      databaseUrl: env.DATABASE_URL,
      dataDir: join(env.BOTDESK_DATA_DIR, 'pglite'),
    });
    const app = await createApp({ env, database });
    await app.listen({ host: env.HOST, port: env.PORT });
    running = { app, database, drop: fresh ? () => fresh.drop() : null };
    const [row] = await queryRows<{ version: string }>(database.db, sql`SELECT version() AS version`);
    return { url, kind: database.kind, engine: row?.version.split(' on ')[0] ?? database.kind };
  },
  seedMembers: async (input: { orgId: string; ownerId: string; count: number }) =>
    seedMembers(current().database, input),
  addViewers: async (input: { orgId: string; ownerId: string; userIds: string[] }) => {
    await addViewers(current().database, input);
    return {};
  },
};

export type ServerHandlers = typeof handlers;

serveParent(handlers, async () => {
  const r = running;
  running = null;
  if (!r) return;
  await r.app.close();
  await r.database.close();
  await r.drop?.();
});
