import { describe, expect, it } from 'vitest';
import { openTestCore } from '../testing/test-core';

const user = {
  id: '0196b4a0-0000-7000-8000-000000000001',
  email: 'ada@example.test',
  name: 'Ada',
  emailVerified: true,
  createdAt: new Date().toISOString(),
};

/** A server that signs people in but no longer speaks this app's sync protocol. */
const outdatedServer: typeof fetch = async (input) => {
  const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  if (path === '/v1/auth/sign-in/email') return json(200, { token: 'token-1', user });
  if (path === '/v1/me') return json(200, { user, memberships: [] });
  return json(426, { error: { code: 'client_outdated', message: 'This version of Botdesk is out of date' } });
};

const orgId = '0196b4a0-0000-7000-8000-0000000000aa';
const now = new Date().toISOString();
const role = {
  id: '0196b4a0-0000-7000-8000-0000000000bb',
  orgId,
  key: 'owner',
  name: 'Owner',
  rank: 100,
  permissions: ['org.read', 'org.update'],
  builtIn: true,
};
const orgRow = (name: string) => ({
  id: orgId,
  name,
  slug: 'acme',
  description: '',
  logoUrl: null,
  isPersonal: true,
  status: 'active',
  plan: 'free',
  ownerId: user.id,
  defaultRoleId: null,
  billingAddress: '',
  phone: '',
  createdAt: now,
  updatedAt: now,
});

/** A scripted server for one org: its snapshot carries `orgName`; the next pull may answer a reset. */
function scriptedServer() {
  const state = { orgName: 'Acme', resetNext: false, snapshots: 0, refuse: false };
  const json = (body: unknown) =>
    new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  const membership = () => ({ org: orgRow(state.orgName), memberId: role.id, role, permissions: role.permissions });
  const fetchFn: typeof fetch = async (input, init) => {
    const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
    if (path === '/v1/auth/sign-in/email') return json({ token: 'token-1', user });
    if (path === '/v1/me') return json({ user, memberships: [membership()] });
    if (path === '/v1/sync/push') {
      const { mutations } = JSON.parse(String(init?.body)) as { mutations: { id: number }[] };
      const error = { code: 'forbidden', message: 'Your role no longer allows this' };
      return json({
        outcomes: mutations.map((m) =>
          state.refuse ? { id: m.id, status: 'refused', error } : { id: m.id, status: 'applied' },
        ),
      });
    }
    if (path === '/v1/sync/pull') {
      const reset = state.resetNext ? 'permissions_changed' : null;
      state.resetNext = false;
      return json({
        orgs: [{ orgId, changes: [], version: 7, hasMore: false, lastMutationId: 0, reset }],
        memberships: [membership()],
      });
    }
    if (path.endsWith('/snapshot')) {
      state.snapshots += 1;
      const lines = [
        { type: 'header', orgId, version: 7, protocol: 1 },
        { type: 'rows', entity: 'org', rows: [orgRow(state.orgName)] },
        { type: 'rows', entity: 'role', rows: [role] },
        { type: 'end', rowCount: 2 },
      ];
      return new Response(lines.map((l) => JSON.stringify(l)).join('\n'));
    }
    // The live stream stays open and quiet until the engine stops.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        init?.signal?.addEventListener('abort', () => controller.error(new TypeError('aborted')));
      },
    });
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  };
  return { fetch: fetchFn, state };
}

describe('sync engine', () => {
  it('downloads an org again when the server says the permissions changed', async () => {
    const server = scriptedServer();
    const desk = await openTestCore({ fetch: server.fetch });
    await desk.call('session.signIn', { serverUrl: 'http://127.0.0.1:9', email: user.email, password: 'pw' });
    await desk.call('sync.retry', {});
    expect((await desk.call('orgs.get', { orgId })).local.state).toBe('ready');

    server.state.orgName = 'Acme after the role change';
    server.state.resetNext = true;
    await desk.call('sync.retry', {});

    const summary = await desk.call('orgs.get', { orgId });
    expect(summary.local.state).toBe('ready');
    expect(summary.org.name).toBe('Acme after the role change');
    expect(server.state.snapshots).toBe(2);
    await desk.close();
  });

  it('shows a desktop notification when the server refuses a change, and undoes it', async () => {
    const server = scriptedServer();
    const shown: { title: string; body: string; route: string | null }[] = [];
    const desk = await openTestCore({ fetch: server.fetch, notifier: { show: (n) => shown.push(n) } });
    await desk.call('session.signIn', { serverUrl: 'http://127.0.0.1:9', email: user.email, password: 'pw' });
    await desk.call('sync.retry', {});
    server.state.refuse = true;

    await desk.call('mutate', { orgId, name: 'org.update', args: { patch: { name: 'Not allowed' } } });
    await desk.call('sync.retry', {});

    expect(shown).toEqual([
      {
        title: 'A change was not saved',
        body: 'Your change in Acme was refused and undone: Your role no longer allows this',
        route: `/orgs/${orgId}`,
      },
    ]);
    expect((await desk.call('orgs.get', { orgId })).org.name).toBe('Acme');
    await desk.close();
  });

  it('tells the user to update when the server no longer speaks this protocol', async () => {
    const desk = await openTestCore({ fetch: outdatedServer });
    await desk.call('session.signIn', { serverUrl: 'http://127.0.0.1:9', email: user.email, password: 'pw' });

    const status = await desk.call('sync.retry', {});

    expect(status.clientOutdated).toBe(true);
    expect(status.lastError).toEqual({ code: 'client_outdated', message: 'This version of Botdesk is out of date' });
    expect((await desk.call('session.get', {})).status).toBe('signedIn');
    await desk.close();
  });
});
