import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http } from '../../../../server/src/testing/http';
import { signUpUser, startTestServer, testPassword, uniqueEmail } from '../../../../server/src/testing/test-server';
import type { TestServer } from '../../../../server/src/testing/test-server';
import { userDataDir } from '../db/connection';
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

async function readyOrgIds(desk: TestCore): Promise<string[]> {
  return waitUntil(async () => {
    const orgs = await desk.call('orgs.list', {});
    return orgs.length > 0 && orgs.every((o) => o.local.state === 'ready') ? orgs.map((o) => o.org.id) : undefined;
  }, 'the orgs to be downloaded');
}

async function description(token: string, orgId: string): Promise<string> {
  return (await http<{ description: string }>(server, 'GET', `/v1/orgs/${orgId}`, { token })).body.description;
}

describe('desktop sessions', () => {
  it('shows a second account on the same machine nothing of the first, and never pushes its changes', async () => {
    const net = createSwitchableNetwork();
    const ada = await signUpUser(server, { email: uniqueEmail('ada'), name: 'Ada' });
    const bob = await signUpUser(server, { email: uniqueEmail('bob'), name: 'Bob' });
    const desk = await openTestCore({ fetch: net.fetch });
    await desk.call('session.signIn', { serverUrl: server.url, email: ada.user.email, password: testPassword });
    const [adaOrg = ''] = await readyOrgIds(desk);
    net.cut();
    await desk.call('mutate', { orgId: adaOrg, name: 'org.update', args: { patch: { description: 'Ada’s draft' } } });
    await desk.call('session.signOut', { removeLocalData: false });
    net.restore();

    await desk.call('session.signIn', { serverUrl: server.url, email: bob.user.email, password: testPassword });
    const bobOrgs = await readyOrgIds(desk);

    expect(bobOrgs).not.toContain(adaOrg);
    expect((await desk.fail('orgs.get', { orgId: adaOrg })).code).toBe('not_found');
    expect((await desk.call('sync.status', {})).pendingCount).toBe(0);
    expect(await description(ada.token, adaOrg)).toBe('');

    await desk.call('session.signOut', { removeLocalData: false });
    await desk.call('session.signIn', { serverUrl: server.url, email: ada.user.email, password: testPassword });
    await waitUntil(
      async () => (await description(ada.token, adaOrg)) === 'Ada’s draft',
      'Ada’s draft to reach the server',
    );
    await desk.close();
  });

  it('keeps pending changes through an expired session and sends them after signing in again', async () => {
    const net = createSwitchableNetwork();
    const ada = await signUpUser(server, { email: uniqueEmail('expire'), name: 'Ada' });
    const desk = await openTestCore({ fetch: net.fetch });
    await desk.call('session.signIn', { serverUrl: server.url, email: ada.user.email, password: testPassword });
    const [orgId = ''] = await readyOrgIds(desk);
    net.cut();
    await desk.call('mutate', { orgId, name: 'org.update', args: { patch: { description: 'Queued before expiry' } } });
    const sessions = await http<{ sessions: { id: string; current: boolean }[] }>(server, 'GET', '/v1/me/sessions', {
      token: ada.token,
    });
    for (const s of sessions.body.sessions.filter((s) => !s.current)) {
      await http(server, 'DELETE', `/v1/me/sessions/${s.id}`, { token: ada.token });
    }
    net.restore();

    await desk.call('sync.retry', {});
    await waitUntil(async () => (await desk.call('session.get', {})).status === 'expired', 'the session to expire');

    expect((await desk.call('orgs.get', { orgId })).org.description).toBe('Queued before expiry');
    expect((await desk.call('sync.status', {})).pendingCount).toBe(1);
    expect(await description(ada.token, orgId)).toBe('');

    await desk.call('session.signIn', { serverUrl: server.url, email: ada.user.email, password: testPassword });
    await waitUntil(
      async () => (await description(ada.token, orgId)) === 'Queued before expiry',
      'the queued change on the server',
    );
    await desk.close();
  });

  it('reopens the remembered user’s local data at launch without the network', async () => {
    const net = createSwitchableNetwork();
    const ada = await signUpUser(server, { email: uniqueEmail('launch'), name: 'Ada' });
    const desk = await openTestCore({ fetch: net.fetch });
    await desk.call('session.signIn', { serverUrl: server.url, email: ada.user.email, password: testPassword });
    const orgIds = await readyOrgIds(desk);
    net.cut();

    const relaunched = await desk.reopen();

    expect(await relaunched.call('session.get', {})).toMatchObject({ status: 'signedIn', user: { id: ada.user.id } });
    expect((await relaunched.call('orgs.list', {})).map((o) => o.org.id)).toEqual(orgIds);
    expect(await relaunched.call('orgs.lastActive', {})).toEqual({ orgId: orgIds[0] });
    await relaunched.close();
  });

  it('removes the local database when signing out with "remove local data"', async () => {
    const ada = await signUpUser(server, { email: uniqueEmail('remove'), name: 'Ada' });
    const desk = await openTestCore();
    await desk.call('session.signIn', { serverUrl: server.url, email: ada.user.email, password: testPassword });
    await readyOrgIds(desk);

    const state = await desk.call('session.signOut', { removeLocalData: true });

    expect(state.status).toBe('signedOut');
    expect(existsSync(userDataDir(desk.dataDir, ada.user.id))).toBe(false);
    expect(await desk.secretStore.get(`session:${ada.user.id}`)).toBeNull();
    expect((await desk.fail('orgs.list', {})).code).toBe('unauthenticated');
    await desk.close();
  });

  it('answers a wrong password with the server’s refusal and stays signed out', async () => {
    const ada = await signUpUser(server, { email: uniqueEmail('wrong'), name: 'Ada' });
    const desk = await openTestCore();

    const error = await desk.fail('session.signIn', {
      serverUrl: server.url,
      email: ada.user.email,
      password: 'not-the-password',
    });

    expect(error.code).toBe('unauthenticated');
    expect((await desk.call('session.get', {})).status).toBe('signedOut');
    await desk.close();
  });
});
