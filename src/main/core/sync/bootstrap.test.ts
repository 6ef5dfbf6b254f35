import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpUser, startTestServer, testPassword, uniqueEmail } from '../../../../server/src/testing/test-server';
import type { TestServer } from '../../../../server/src/testing/test-server';
import { openTestCore } from '../testing/test-core';
import { waitUntil } from '../testing/wait';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

/** A network on which snapshot downloads break after `keepLines` lines, like a dropped connection. */
function flakySnapshots() {
  let keepLines: number | null = 2;
  const fetchFn: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = input instanceof Request ? input.url : String(input);
    if (keepLines === null || !url.includes('/snapshot') || !response.body) return response;
    const text = await response.text();
    const lines = text.split('\n').slice(0, keepLines);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(lines.map((l) => `${l}\n`).join('')));
        controller.error(new TypeError('terminated'));
      },
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
  return { fetch: fetchFn, heal: () => (keepLines = null) };
}

describe('organization bootstrap', () => {
  it('never shows an org whose download broke off as complete, and finishes it later', async () => {
    const net = flakySnapshots();
    const ada = await signUpUser(server, { email: uniqueEmail('boot'), name: 'Ada' });
    const desk = await openTestCore({ fetch: net.fetch });

    await desk.call('session.signIn', { serverUrl: server.url, email: ada.user.email, password: testPassword });
    const status = await desk.call('sync.retry', {});

    expect(status.lastError?.code).toBe('offline');
    const [broken] = await desk.call('orgs.list', {});
    expect(broken?.local.state).toBe('bootstrapping');
    expect(broken?.local.progress).toBeLessThan(1);
    const orgId = broken?.org.id ?? '';
    expect((await desk.fail('members.list', { orgId })).code).toBe('conflict');

    const progress: number[] = [];
    const record = async () => progress.push((await desk.call('orgs.get', { orgId })).local.progress);
    desk.core.on('data.changed', () => void record());
    net.heal();
    await desk.call('sync.retry', {});

    const done = await desk.call('orgs.get', { orgId });
    expect(done.local).toEqual({ state: 'ready', progress: 1 });
    expect((await desk.call('members.list', { orgId })).map((m) => m.email)).toEqual([ada.user.email]);
    expect((await desk.call('roles.list', { orgId })).map((r) => r.key)).toContain('owner');
    await waitUntil(() => progress.includes(1), 'the final progress');
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    await desk.close();
  });
});
