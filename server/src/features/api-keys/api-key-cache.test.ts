import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { openDatabase } from '../../db/client';
import type { Database } from '../../db/client';
import { listenerApplicationName } from '../../db/pg-listener';
import { configuredDatabaseUrl } from '../../env';
import { http } from '../../testing/http';
import { startTestServer } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { account, createOrg } from '../invitations/invitation-fixtures';
import { callWithKey, countingDatabase, createKey, guardedApp } from './api-key-fixtures';

// Keys cached in one server process must not outlive a change made through another: two servers,
// each with its own pool and LISTEN connection, on one PostgreSQL (PGlite is one process).

const databaseUrl = configuredDatabaseUrl();

describe.skipIf(!databaseUrl)('cached API keys across server processes (PostgreSQL only)', () => {
  let server: TestServer;
  let other: { app: FastifyInstance; database: Database; count: () => number };

  beforeAll(async () => {
    server = await startTestServer();
    const database = await openDatabase({ databaseUrl: server.app.config.DATABASE_URL });
    const counted = countingDatabase(database);
    other = { database, count: counted.count, app: await guardedApp(server, { database: counted.database }) };
  });
  afterAll(async () => {
    await other?.app.close();
    await other?.database.close();
    await server?.close();
  });

  /**
   * A key cached by the other server with leased budget left: four requests lease 1, 2 (one spent
   * from memory) and 4; the fifth asks the database nothing, and 2 are left to spend from memory.
   */
  async function cachedKey() {
    const owner = await account(server, 'owner');
    const org = await createOrg(server, owner);
    const created = await createKey(server, owner.token, org.id, { scopes: ['runs.execute', 'usage.read'] });
    for (let i = 0; i < 4; i++) expect((await callWithKey(other.app, created.secret, '/test/usage')).status).toBe(200);
    const before = other.count();
    expect((await callWithKey(other.app, created.secret, '/test/usage')).status).toBe(200);
    expect(other.count()).toBe(before);
    return { owner, org, ...created };
  }

  const revoke = (owner: { token: string }, orgId: string, keyId: string) =>
    http(server, 'DELETE', `/v1/orgs/${orgId}/api-keys/${keyId}`, { token: owner.token });

  it('refuses a key revoked through one server on the next request to the other, which had it cached', async () => {
    const { owner, org, apiKey, secret } = await cachedKey();
    expect((await revoke(owner, org.id, apiKey.id)).status).toBe(200);
    const res = await callWithKey(other.app, secret, '/test/usage');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'unauthenticated', message: expect.stringContaining('revoked') } });
  });

  it('refuses a cached key once its organization is being deleted, whatever wrote the change', async () => {
    const { org, secret } = await cachedKey();
    await server.app.database.db.execute(sql`UPDATE organizations SET status = 'deleting' WHERE id = ${org.id}`);
    const res = await callWithKey(other.app, secret, '/test/usage');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { message: expect.stringContaining('being deleted') } });
  });

  it('forgets its cache when its listening connection is cut, so a revocation it missed still counts once back', async () => {
    const { owner, org, apiKey, secret } = await cachedKey();
    await server.app.database.db.execute(
      sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = ${listenerApplicationName}`,
    );
    // Revoked while the other server listens nowhere: its notification never reaches it.
    expect((await revoke(owner, org.id, apiKey.id)).status).toBe(200);
    const listening = () =>
      other.database.notificationBarrier().then(
        () => true,
        () => false,
      );
    await expect.poll(listening, { timeout: 10_000 }).toBe(true);
    expect((await callWithKey(other.app, secret, '/test/usage')).status).toBe(401);
  });
});
