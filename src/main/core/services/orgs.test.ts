import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

async function signIn(desk: TestCore, email: string): Promise<void> {
  await desk.call('session.signIn', { serverUrl: server.url, email, password: testPassword });
}

describe('organizations on the desktop', () => {
  it('creates an organization online and has it downloaded when the call returns', async () => {
    const ada = await signUpUser(server, { email: uniqueEmail('create'), name: 'Ada' });
    const desk = await openTestCore();
    await signIn(desk, ada.user.email);

    const created = (await desk.call('mutate', { orgId: null, name: 'org.create', args: { name: 'Acme Robots' } })) as {
      id: string;
    };

    const summary = await desk.call('orgs.get', { orgId: created.id });
    expect(summary.org.name).toBe('Acme Robots');
    expect(summary.local.state).toBe('ready');
    expect(summary.permissions).toContain('org.delete');
    await desk.close();
  });

  it('refuses online-only changes while offline with a hint', async () => {
    const net = createSwitchableNetwork();
    const ada = await signUpUser(server, { email: uniqueEmail('offline'), name: 'Ada' });
    const desk = await openTestCore({ fetch: net.fetch });
    await signIn(desk, ada.user.email);
    net.cut();

    const error = await desk.fail('mutate', { orgId: null, name: 'org.create', args: { name: 'Nope' } });

    expect(error.code).toBe('offline');
    expect(error.message).toMatch(/needs a connection/);
    await desk.close();
  });

  it('rejects invalid changes before they are queued', async () => {
    const ada = await signUpUser(server, { email: uniqueEmail('invalid'), name: 'Ada' });
    const desk = await openTestCore();
    await signIn(desk, ada.user.email);
    const orgId = await waitUntil(
      async () => (await desk.call('orgs.lastActive', {})).orgId ?? undefined,
      'an active org',
    );

    const error = await desk.fail('mutate', { orgId, name: 'org.update', args: { patch: { slug: 'Not A Slug' } } });

    expect(error).toMatchObject({ code: 'validation_failed' });
    expect(error.message).toMatch(/patch\.slug/);
    expect((await desk.call('sync.status', {})).pendingCount).toBe(0);
    await desk.close();
  });

  it('purges an organization deleted from another desktop and says so', async () => {
    const ada = await signUpUser(server, { email: uniqueEmail('purge'), name: 'Ada' });
    const first = await openTestCore();
    const second = await openTestCore();
    await signIn(first, ada.user.email);
    await signIn(second, ada.user.email);
    const org = (await first.call('mutate', { orgId: null, name: 'org.create', args: { name: 'Short Lived' } })) as {
      id: string;
      slug: string;
    };
    await waitUntil(
      async () => (await second.call('orgs.list', {})).some((o) => o.org.id === org.id),
      'the org on the second desktop',
    );
    const notices: Notice[] = [];
    second.core.on('notice', (n) => notices.push(n));

    await first.call('mutate', { orgId: org.id, name: 'org.delete', args: { confirmSlug: org.slug } });

    expect((await first.call('orgs.list', {})).some((o) => o.org.id === org.id)).toBe(false);
    await waitUntil(() => notices.find((n) => n.orgId === org.id), 'the removal notice on the second desktop', 10_000);
    expect((await second.fail('orgs.get', { orgId: org.id })).code).toBe('not_found');
    await first.close();
    await second.close();
  });

  it('remembers the active organization per user', async () => {
    const ada = await signUpUser(server, { email: uniqueEmail('active'), name: 'Ada' });
    const desk = await openTestCore();
    await signIn(desk, ada.user.email);
    const team = (await desk.call('mutate', { orgId: null, name: 'org.create', args: { name: 'Team Two' } })) as {
      id: string;
    };

    await desk.call('orgs.setActive', { orgId: team.id });
    const relaunched = await desk.reopen();

    expect(await relaunched.call('orgs.lastActive', {})).toEqual({ orgId: team.id });
    await relaunched.close();
  });
});
