import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { ApiKey } from '@shared/schemas/automation';
import { openDatabase } from '../../db/client';
import type { Database } from '../../db/client';
import { configuredDatabaseUrl } from '../../env';
import { http } from '../../testing/http';
import { startTestServer } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { account, createOrg } from '../invitations/invitation-fixtures';
import { maxLeaseOf } from './api-key-cache';
import { checksumOf, mintApiKey } from './api-key-format';
import { callWithKey, countingDatabase, createKey, guardedApp } from './api-key-fixtures';
import type { KeyInput } from './api-key-fixtures';

// authenticateApiKey through test-only routes (the runner and usage routes belong to other features).

let server: TestServer;
let clock = new Date('2030-01-07T09:00:15.000Z');
const now = () => clock;
let counted: ReturnType<typeof countingDatabase>;
let app: FastifyInstance;

beforeAll(async () => {
  server = await startTestServer();
  counted = countingDatabase(server.app.database);
  app = await guardedApp(server, { database: counted.database, now });
});
afterAll(async () => {
  await app?.close();
  await server?.close();
});

async function orgKey(input: KeyInput) {
  const owner = await account(server, 'owner');
  const org = await createOrg(server, owner);
  const created = await createKey(server, owner.token, org.id, input);
  return { owner, org, ...created };
}

const keyOf = (owner: { token: string }, orgId: string, keyId: string) =>
  http<{ apiKeys: ApiKey[] }>(server, 'GET', `/v1/orgs/${orgId}/api-keys`, { token: owner.token }).then((r) =>
    r.body.apiKeys.find((k) => k.id === keyId),
  );

describe('API key authentication', () => {
  it('admits a key with the scope, scoped to its own organization', async () => {
    const { org, secret, apiKey } = await orgKey({ name: 'Runner', scopes: ['runs.execute'] });
    const res = await callWithKey(app, secret);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      principal: { orgId: org.id, apiKeyId: apiKey.id, type: 'standard', scopes: ['runs.execute'], name: 'Runner' },
      visibleOrgs: [org.id],
    });
  });

  it('refuses a wrong checksum, a malformed key and a missing header without a database lookup', async () => {
    const { secret } = mintApiKey('standard');
    const wrongChecksum = `${secret.slice(0, -6)}${secret.endsWith('000000') ? '000001' : '000000'}`;
    const before = counted.count();
    for (const key of [wrongChecksum, 'bd_standard_short_abc123', 'not-a-key']) {
      const res = await callWithKey(app, key);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({
        error: { code: 'unauthenticated', message: expect.stringContaining('copied') },
      });
    }
    const bare = await app.inject({ method: 'GET', url: '/test/runner' });
    expect(bare.statusCode).toBe(401);
    expect(counted.count()).toBe(before);
    // A well-formed key is looked up (and found unknown): the count above would have seen it.
    const unknown = await callWithKey(app, secret);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatchObject({ error: { message: expect.stringContaining('not known') } });
    expect(counted.count()).toBeGreaterThan(before);
  });

  it('refuses a key lacking the route’s scope with 403', async () => {
    const { secret } = await orgKey({ scopes: ['usage.read'] });
    expect((await callWithKey(app, secret, '/test/usage')).status).toBe(200);
    const res = await callWithKey(app, secret, '/test/runner');
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: { code: 'forbidden', message: expect.stringContaining('runs.execute') } });
  });

  it('refuses a revoked key on the very next request', async () => {
    const { owner, org, secret, apiKey } = await orgKey({ scopes: ['runs.execute'] });
    expect((await callWithKey(app, secret)).status).toBe(200);
    await http(server, 'DELETE', `/v1/orgs/${org.id}/api-keys/${apiKey.id}`, { token: owner.token });
    const res = await callWithKey(app, secret);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'unauthenticated', message: expect.stringContaining('revoked') } });
  });

  it('writes last_used_at when used keys are flushed, not on each request', async () => {
    const { owner, org, secret, apiKey } = await orgKey({ scopes: ['runs.execute'] });
    expect((await callWithKey(app, secret)).status).toBe(200);
    expect((await callWithKey(app, secret)).status).toBe(200);
    expect((await keyOf(owner, org.id, apiKey.id))?.lastUsedAt).toBeNull();
    await app.apiKeyGate.flush();
    expect((await keyOf(owner, org.id, apiKey.id))?.lastUsedAt).toBe(clock.toISOString());
  });

  it('answers 429 with Retry-After past the per-key limit of its type, then opens with the next window', async () => {
    // Free plan: 120 requests a minute for an AI-agent key; the clock stands 15 s into a minute.
    const { secret } = await orgKey({ type: 'ai_agent', scopes: ['runs.execute'] });
    const other = await orgKey({ type: 'ai_agent', scopes: ['runs.execute'] });
    for (let i = 0; i < 120; i++) expect((await callWithKey(app, secret, '/test/runner')).status).toBe(200);
    const over = await callWithKey(app, secret);
    expect(over.status).toBe(429);
    expect(over.retryAfter).toBe('45');
    expect(over.body).toMatchObject({ error: { code: 'rate_limited', message: expect.stringContaining('120') } });
    // Refused again from memory, without doing the work or asking the database.
    const before = counted.count();
    expect((await callWithKey(app, secret)).status).toBe(429);
    expect(counted.count()).toBe(before);
    // Each key has its own budget.
    expect((await callWithKey(app, other.secret)).status).toBe(200);
    clock = new Date(clock.getTime() + 45_000);
    expect((await callWithKey(app, secret)).status).toBe(200);
  });

  it('gives standard keys the larger budget of the plan', async () => {
    const { org, secret } = await orgKey({ type: 'standard', scopes: ['runs.execute'] });
    expect(org.plan).toBe('free');
    const answers = await Promise.all(Array.from({ length: 601 }, () => callWithKey(app, secret, '/test/runner')));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(600);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
  });

  it('refuses a forged key of a known shape whose checksum is right but which no one issued', async () => {
    const body = `bd_standard_${'A'.repeat(30)}`;
    const res = await callWithKey(app, `${body}_${checksumOf(body)}`);
    expect(res.status).toBe(401);
  });
});

const databaseUrl = configuredDatabaseUrl();

// PGlite is one connection inside one process; two server processes need PostgreSQL.
describe.skipIf(!databaseUrl)('API key rate limits across server processes (PostgreSQL only)', () => {
  const others: { app: FastifyInstance; database: Database }[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const database = await openDatabase({ databaseUrl: server.app.config.DATABASE_URL });
      others.push({ database, app: await guardedApp(server, { database, now }) });
    }
  });
  afterAll(async () => {
    for (const o of others) {
      await o.app.close();
      await o.database.close();
    }
  });

  it('holds one budget per key for two servers with their own connection pools', async () => {
    const { secret } = await orgKey({ type: 'ai_agent', scopes: ['runs.execute'] });
    const [first, second] = others.map((o) => o.app);
    if (!first || !second) throw new Error('two servers expected');
    const answers = await Promise.all(
      Array.from({ length: 150 }, (_, i) => callWithKey(i % 2 === 0 ? first : second, secret)),
    );
    const byStatus = (status: number) => answers.filter((a) => a.status === status).length;
    // Never past the limit; each server may leave at most (lease − 1) of what it leased unspent.
    const unspentBound = others.length * (maxLeaseOf(120) - 1);
    expect(byStatus(200)).toBeLessThanOrEqual(120);
    expect(byStatus(200)).toBeGreaterThanOrEqual(120 - unspentBound);
    expect(byStatus(200) + byStatus(429)).toBe(150);
    // Both servers now refuse it, each with a Retry-After.
    for (const app of [first, second]) {
      const res = await callWithKey(app, secret);
      expect(res.status).toBe(429);
      expect(Number(res.retryAfter)).toBeGreaterThan(0);
    }
  });
});
