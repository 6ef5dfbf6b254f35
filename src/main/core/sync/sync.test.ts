import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http } from '../../../../server/src/testing/http';
import { signUpUser, startTestServer, testPassword, uniqueEmail } from '../../../../server/src/testing/test-server';
import type { TestServer } from '../../../../server/src/testing/test-server';
import type { Notice } from '@shared/ipc';
import { createSwitchableNetwork } from '../testing/switchable-network';
import { openTestCore } from '../testing/test-core';
import type { TestCore } from '../testing/test-core';
import { waitUntil } from '../testing/wait';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

/** A verified user signed in on a fresh desktop whose personal org is downloaded. */
async function signedInDesktop(options: { fetch?: typeof fetch; email?: string } = {}) {
  const account = options.email
    ? { token: '', user: { email: options.email } }
    : await signUpUser(server, { email: uniqueEmail('desk'), name: 'Ada Desk' });
  const desk = await openTestCore(options.fetch ? { fetch: options.fetch } : {});
  await desk.call('session.signIn', { serverUrl: server.url, email: account.user.email, password: testPassword });
  const personal = await waitForReadyPersonalOrg(desk);
  return { desk, token: account.token, email: account.user.email, orgId: personal };
}

async function waitForReadyPersonalOrg(desk: TestCore): Promise<string> {
  const summary = await waitUntil(
    async () => (await desk.call('orgs.list', {})).find((o) => o.org.isPersonal && o.local.state === 'ready'),
    'the personal org to be downloaded',
  );
  return summary.org.id;
}

async function serverOrg(token: string, orgId: string) {
  const response = await http<{ name: string; slug: string; description: string; phone: string }>(
    server,
    'GET',
    `/v1/orgs/${orgId}`,
    { token },
  );
  expect(response.status).toBe(200);
  return response.body;
}

describe('desktop sync against a real server', () => {
  it('keeps an edit made offline and sends it when the network returns', async () => {
    const net = createSwitchableNetwork();
    const { desk, token, orgId } = await signedInDesktop({ fetch: net.fetch });
    net.cut();

    await desk.call('mutate', { orgId, name: 'org.update', args: { patch: { description: 'Written on a plane' } } });

    expect((await desk.call('orgs.get', { orgId })).org.description).toBe('Written on a plane');
    const offline = await desk.call('sync.status', {});
    expect(offline.pendingCount).toBe(1);
    expect((await serverOrg(token, orgId)).description).toBe('');

    net.restore();
    const status = await desk.call('sync.retry', {});

    expect(status).toMatchObject({ online: true, pendingCount: 0, lastError: null });
    expect((await serverOrg(token, orgId)).description).toBe('Written on a plane');
    expect((await desk.call('orgs.get', { orgId })).org.description).toBe('Written on a plane');
    await desk.close();
  });

  it('brings a change made on one desktop into another desktop’s database through the live stream', async () => {
    const first = await signedInDesktop();
    const second = await signedInDesktop({ email: first.email });
    expect(second.orgId).toBe(first.orgId);

    await first.desk.call('mutate', {
      orgId: first.orgId,
      name: 'org.update',
      args: { patch: { name: 'Renamed elsewhere' } },
    });

    // The fallback pull runs every 45 s; seeing it well before that proves the live poke did it.
    await waitUntil(
      async () => (await second.desk.call('orgs.get', { orgId: first.orgId })).org.name === 'Renamed elsewhere',
      'the rename to reach the second desktop',
      10_000,
    );
    await first.desk.close();
    await second.desk.close();
  });

  it('undoes a change the server refuses and tells the user why', async () => {
    const { desk, orgId } = await signedInDesktop();
    const other = await signUpUser(server, { email: uniqueEmail('rival'), name: 'Rival' });
    const takenSlug = `taken-${Date.now().toString(36)}`;
    const created = await http(server, 'POST', '/v1/orgs', {
      token: other.token,
      body: { name: 'Rival Inc', slug: takenSlug },
    });
    expect(created.status).toBe(200);
    const before = (await desk.call('orgs.get', { orgId })).org.slug;
    const notices: Notice[] = [];
    desk.core.on('notice', (n) => notices.push(n));

    await desk.call('mutate', { orgId, name: 'org.update', args: { patch: { slug: takenSlug } } });

    await waitUntil(() => notices.find((n) => n.orgId === orgId && n.level === 'error'), 'a refusal notice');
    expect(notices[0]?.message).toMatch(/refused and undone/);
    expect((await desk.call('orgs.get', { orgId })).org.slug).toBe(before);
    expect((await desk.call('sync.status', {})).pendingCount).toBe(0);
    await desk.close();
  });

  it('pushes a change exactly once when the app was killed before sending it', async () => {
    const net = createSwitchableNetwork();
    const { desk, token, orgId } = await signedInDesktop({ fetch: net.fetch });
    net.cut();
    await desk.call('mutate', { orgId, name: 'org.update', args: { patch: { phone: '+1 555 0100' } } });
    await desk.close();
    const pushesBefore = net.requests.filter((r) => r === 'POST /v1/sync/push').length;
    net.restore();

    const reopened = await desk.reopen();
    await waitUntil(async () => (await reopened.call('sync.status', {})).pendingCount === 0, 'the outbox to drain');
    await reopened.call('sync.retry', {});

    expect((await serverOrg(token, orgId)).phone).toBe('+1 555 0100');
    // The outbox had one change: exactly one push carried it (the server also dedupes by mutation id).
    const pushes = net.requests.filter((r) => r === 'POST /v1/sync/push').length - pushesBefore;
    expect(pushes).toBe(1);
    await reopened.close();
  });
});
