import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Permission } from '@shared/permissions';
import type { ApiKeyType, CreatedApiKey } from '@shared/schemas/automation';
import { createApp } from '../../app';
import type { Database } from '../../db/client';
import { organizations } from '../../db/schema';
import { http } from '../../testing/http';
import type { TestServer } from '../../testing/test-server';
import { authenticateApiKey, withApiKeyTx } from './api-key-auth';

// Test helpers of the api-keys feature: keys made through HTTP, and an app with test-only routes
// behind authenticateApiKey (the real API-key routes belong to other features).

export type KeyInput = { name?: string; type?: ApiKeyType; scopes: Permission[] };

/** Creates a key through the REST route; expects success. */
export async function createKey(server: TestServer, token: string, orgId: string, input: KeyInput) {
  const body = { name: input.name ?? 'Runner key', type: input.type ?? 'standard', scopes: input.scopes };
  const res = await http<CreatedApiKey>(server, 'POST', `/v1/orgs/${orgId}/api-keys`, { token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** A database whose every transaction and statement is counted, to prove when none was made. */
export function countingDatabase(database: Database): { database: Database; count: () => number } {
  let n = 0;
  const db = new Proxy(database.db, {
    get(target, prop, receiver) {
      if (prop === 'transaction' || prop === 'execute' || prop === 'select') n += 1;
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { database: { ...database, db }, count: () => n };
}

/**
 * An app on `database` (sharing the test server's configuration, so its sessions work) with two
 * guarded routes: `GET /test/runner` (runs.execute) answers the principal and the org's name read in
 * its scoped transaction; `GET /test/usage` needs usage.read. Answer requests with `app.inject`.
 */
export async function guardedApp(
  server: TestServer,
  options: { database?: Database; now?: () => Date } = {},
): Promise<FastifyInstance> {
  const app = await createApp({
    env: server.app.config,
    database: options.database ?? server.app.database,
    now: options.now,
  });
  app.get('/test/runner', async (request) => {
    const principal = await authenticateApiKey(app, request, 'runs.execute');
    const orgs = await withApiKeyTx(app, principal, (c) => c.tx.select({ id: organizations.id }).from(organizations));
    return { principal, visibleOrgs: orgs.map((o) => o.id) };
  });
  app.get('/test/usage', async (request) => ({ principal: await authenticateApiKey(app, request, 'usage.read') }));
  await app.ready();
  return app;
}

/** One request with a bearer key to a guarded app. */
export async function callWithKey(app: FastifyInstance, key: string, path = '/test/runner') {
  const res = await app.inject({ method: 'GET', url: path, headers: { authorization: `Bearer ${key}` } });
  return { status: res.statusCode, body: res.json<Record<string, unknown>>(), retryAfter: res.headers['retry-after'] };
}
