import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { LiveEvent } from '@shared/schemas/sync';
import { createApp } from '../../app';
import { openDatabase } from '../../db/client';
import type { Database } from '../../db/client';
import { configuredDatabaseUrl } from '../../env';
import { http } from '../../testing/http';
import { signUpUser, startTestServer, uniqueEmail } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { withTx } from '../../db/tx';
import { recordChange } from './change-log';
import { openEvents } from './sse-client';
import type { EventStream } from './sse-client';
import { publishSignal } from './signals';
import { addMember, createOrg, removeMember } from './test-fixtures';

let server: TestServer;
const streams: EventStream[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  // Streams are still open here: closing the server must end them rather than wait for them.
  await server?.close();
  for (const s of streams) s.close();
});

async function newUser(label: string) {
  return signUpUser(server, { email: uniqueEmail(label), name: label });
}

/** Opens a live stream and waits for its hello, after which every event reaches it. */
async function listen(baseUrl: string, token: string): Promise<EventStream> {
  const events = await openEvents(baseUrl, token);
  streams.push(events);
  expect(events.status).toBe(200);
  await events.waitFor((e) => e.type === 'hello');
  return events;
}

async function rename(base: { url: string }, token: string, orgId: string, name: string) {
  const res = await http({ url: base.url } as TestServer, 'PATCH', `/v1/orgs/${orgId}`, { token, body: { name } });
  expect(res.status).toBe(200);
}

const pokeFor = (orgId: string) => (e: LiveEvent) => e.type === 'poke' && e.orgId === orgId;

describe('live events', () => {
  it('refuses a request without a session', async () => {
    const res = await fetch(`${server.url}/v1/sync/events`);
    expect(res.status).toBe(401);
  });

  it('pokes a member after a commit, with the new version', async () => {
    const { token } = await newUser('watcher');
    const org = await createOrg(server, token);
    const events = await listen(server.url, token);
    await rename(server, token, org.id, 'Poked');
    const poke = await events.waitFor(pokeFor(org.id));
    const pulled = await http<{ orgs: { version: number }[] }>(server, 'POST', '/v1/sync/pull', {
      token,
      body: { clientId: crypto.randomUUID(), protocol: 1, cursors: { [org.id]: 0 } },
    });
    expect(poke).toEqual({ type: 'poke', orgId: org.id, version: pulled.body.orgs[0]?.version });
  });

  it('pokes once per transaction, with the version it ended at', async () => {
    const { token } = await newUser('batcher');
    const org = await createOrg(server, token);
    const events = await listen(server.url, token);
    const versions = await withTx(server.app.database, { userId: null, orgId: org.id }, async (c) => {
      const recorded: number[] = [];
      for (const name of ['One', 'Two', 'Three']) {
        const data = { ...org, name };
        recorded.push(await recordChange(c, { orgId: org.id, entity: 'org', entityId: org.id, op: 'upsert', data }));
      }
      return recorded;
    });
    await rename(server, token, org.id, 'Four');
    expect(await events.waitFor(pokeFor(org.id))).toMatchObject({ version: versions[2] });
    // A rename logs the org and its audit event: one transaction, one poke, two versions on.
    expect(await events.waitFor(pokeFor(org.id))).toMatchObject({ version: (versions[2] ?? 0) + 2 });
  });

  it('tells a user they were added, then pokes them for the new org; after removal it stops', async () => {
    const owner = await newUser('owner');
    const member = await newUser('member');
    const org = await createOrg(server, owner.token, 'Shared');
    const personal = (await http<{ orgs: { id: string }[] }>(server, 'GET', '/v1/orgs', { token: member.token })).body
      .orgs[0];
    const events = await listen(server.url, member.token);

    const memberId = await addMember(server, org.id, member.user.id, 'viewer');
    expect(await events.waitFor((e) => e.type === 'membership')).toEqual({
      type: 'membership',
      orgId: org.id,
      change: 'added',
    });
    await rename(server, owner.token, org.id, 'Shared, renamed');
    await events.waitFor(pokeFor(org.id));

    await removeMember(server, org.id, memberId);
    await events.waitFor((e) => e.type === 'membership' && e.change === 'removed');
    // A change in the former org, then one in the member's own: only the second may reach them.
    await rename(server, owner.token, org.id, 'Not for former members');
    await rename(server, member.token, personal?.id ?? '', 'Own workspace');
    const next = await events.waitFor((e) => e.type === 'poke');
    expect(next).toMatchObject({ orgId: personal?.id });
  });

  it('delivers signals to members holding the permission, never to outsiders', async () => {
    const owner = await newUser('owner');
    const finance = await newUser('finance');
    const org = await createOrg(server, owner.token);
    await addMember(server, org.id, finance.user.id, 'finance');
    const ownerEvents = await listen(server.url, owner.token);
    const financeEvents = await listen(server.url, finance.token);

    await publishSignal(server.app.database, {
      orgId: org.id,
      name: 'runner.heartbeat',
      data: { n: 1 },
      permission: 'bots.read',
    });
    await publishSignal(server.app.database, { orgId: org.id, name: 'usage.tick', data: { n: 2 } });
    expect(await ownerEvents.waitFor((e) => e.type === 'signal')).toMatchObject({ name: 'runner.heartbeat' });
    // Finance lacks bots.read: the first signal it sees is the unrestricted one.
    expect(await financeEvents.waitFor((e) => e.type === 'signal')).toEqual({
      type: 'signal',
      orgId: org.id,
      name: 'usage.tick',
      data: { n: 2 },
    });
  });
});

const databaseUrl = configuredDatabaseUrl();

// PGlite is one connection inside one process; only PostgreSQL has a second process to talk to.
describe.skipIf(!databaseUrl)('live events across server processes (PostgreSQL only)', () => {
  let second: { app: FastifyInstance; database: Database; url: string };
  beforeAll(async () => {
    const env = server.app.config;
    const database = await openDatabase({ databaseUrl: env.DATABASE_URL });
    const app = await createApp({ env, database });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    second = { app, database, url: `http://127.0.0.1:${port}` };
  });
  afterAll(async () => {
    await second?.app.close();
    await second?.database.close();
  });

  it("delivers each server's pokes to the other's streams", async () => {
    const { token } = await newUser('roamer');
    const org = await createOrg(server, token);
    const onFirst = await listen(server.url, token);
    const onSecond = await listen(second.url, token);

    await rename(server, token, org.id, 'Written on the first');
    await onSecond.waitFor(pokeFor(org.id));
    await rename(second, token, org.id, 'Written on the second');
    const poke = await onFirst.waitFor((e) => pokeFor(org.id)(e) && e.type === 'poke' && e.version > 0);
    const head = await http<{ orgs: { version: number }[] }>(server, 'POST', '/v1/sync/pull', {
      token,
      body: { clientId: crypto.randomUUID(), protocol: 1, cursors: { [org.id]: 0 } },
    });
    expect(head.body.orgs[0]?.version).toBeGreaterThanOrEqual(poke.type === 'poke' ? poke.version : Infinity);
  });
});
