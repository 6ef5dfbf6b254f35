import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpUser, startTestServer, testPassword, uniqueEmail } from '../../../../server/src/testing/test-server';
import type { TestServer } from '../../../../server/src/testing/test-server';
import { generatedRun, seeded } from '../testing/local-runs';
import { openTestCore } from '../testing/test-core';
import { waitUntil } from '../testing/wait';
import { chunkSize } from './bootstrap';

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

/**
 * A network on which snapshot downloads send the real header, then `rows` made-up members in
 * 500-row pages (more than one stored chunk), then break like a dropped connection.
 */
function snapshotsBreakingAfter(rows: number) {
  let healed = false;
  const fetchFn: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = input instanceof Request ? input.url : String(input);
    if (healed || !url.includes('/snapshot') || !response.body) return response;
    const lines = (await response.text()).split('\n');
    const memberPage = lines
      .map((l) => (l ? (JSON.parse(l) as { entity?: string; rows?: object[] }) : {}))
      .find((l) => l.entity === 'member');
    const template = memberPage?.rows?.[0];
    if (!template) throw new Error('the snapshot has no member row to copy');
    const pages: string[] = [];
    for (let i = 0; i < rows; i += 500) {
      const page = Array.from({ length: Math.min(500, rows - i) }, (_, j) => ({
        ...template,
        id: randomUUID(),
        userId: randomUUID(),
        name: `Made up ${i + j}`,
        email: `made-up-${i + j}@example.test`,
      }));
      pages.push(JSON.stringify({ type: 'rows', entity: 'member', rows: page }));
    }
    // Pulled twice: the data, then the break (erroring at once would discard what is queued).
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new TypeError('terminated'));
        sent = true;
        controller.enqueue(new TextEncoder().encode([lines[0], ...pages].map((l) => `${l}\n`).join('')));
      },
    });
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    return new Response(body, { status: response.status, headers });
  };
  return { fetch: fetchFn, heal: () => (healed = true) };
}

/** A network on which snapshots carry `runs` made-up runs too, in 500-row pages before the end line. */
function snapshotsWithRuns(runs: number) {
  const fetchFn: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = input instanceof Request ? input.url : String(input);
    if (!url.includes('/snapshot') || !response.body) return response;
    const lines = (await response.text()).split('\n').filter((l) => l !== '');
    const header = JSON.parse(lines[0] ?? '{}') as { orgId: string };
    const end = JSON.parse(lines.at(-1) ?? '{}') as { type: 'end'; rowCount: number };
    const spec = { bots: [{ id: randomUUID(), name: 'Invoice bot' }], start: Date.UTC(2025, 0, 1), stepMs: 60_000 };
    const random = seeded(5);
    const pages: string[] = [];
    for (let i = 0; i < runs; i += 500) {
      const page = Array.from({ length: Math.min(500, runs - i) }, (_, j) =>
        generatedRun(header.orgId, i + j, { ...spec, random }),
      );
      pages.push(JSON.stringify({ type: 'rows', entity: 'run', rows: page }));
    }
    const body = [...lines.slice(0, -1), ...pages, JSON.stringify({ ...end, rowCount: end.rowCount + runs })];
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    return new Response(body.map((l) => `${l}\n`).join(''), { status: response.status, headers });
  };
  return fetchFn;
}

describe('organization bootstrap', () => {
  it('stores a snapshot of runs a page per transaction (a page of runs costs what 4,000 other rows do), announcing each', async () => {
    const ada = await signUpUser(server, { email: uniqueEmail('runs'), name: 'Ada' });
    const desk = await openTestCore({ fetch: snapshotsWithRuns(1_500) });
    const runChunks: number[] = [];
    desk.core.on('data.changed', (event) => {
      if (event.entities.includes('run')) runChunks.push(runChunks.length);
    });

    await desk.call('session.signIn', { serverUrl: server.url, email: ada.user.email, password: testPassword });
    await desk.call('sync.retry', {});

    const [org] = await desk.call('orgs.list', {});
    const orgId = org?.org.id ?? '';
    expect(org?.local).toEqual({ state: 'ready', progress: 1 });
    const sort = { key: 'queuedAt', dir: 'desc' } as const;
    const window = await desk.call('runs.query', { orgId, filters: {}, sort, offset: 0, limit: 10 });
    expect(window.localTotal).toBe(1_500);
    // Three pages of runs, each stored (and announced) on its own.
    expect(runChunks.length).toBe(3);
    await desk.close();
  });

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

  it('keeps an org whose download broke after several stored chunks incomplete, and leaves none of its rows behind', async () => {
    const net = snapshotsBreakingAfter(chunkSize + 1000);
    const ada = await signUpUser(server, { email: uniqueEmail('chunks'), name: 'Ada' });
    const desk = await openTestCore({ fetch: net.fetch });

    await desk.call('session.signIn', { serverUrl: server.url, email: ada.user.email, password: testPassword });
    const status = await desk.call('sync.retry', {});

    expect(status.lastError?.code).toBe('offline');
    const [broken] = await desk.call('orgs.list', {});
    const orgId = broken?.org.id ?? '';
    expect(broken?.local.state).toBe('bootstrapping');
    // Stored chunks move the progress on; the org is still not shown.
    expect(broken?.local.progress).toBeGreaterThan(0);
    expect(broken?.local.progress).toBeLessThan(1);
    expect((await desk.fail('members.count', { orgId })).code).toBe('conflict');

    net.heal();
    await desk.call('sync.retry', {});

    expect((await desk.call('orgs.get', { orgId })).local).toEqual({ state: 'ready', progress: 1 });
    expect(await desk.call('members.count', { orgId })).toEqual({ active: 1, total: 1 });
    expect((await desk.call('members.list', { orgId })).map((m) => m.email)).toEqual([ada.user.email]);
    await desk.close();
  });
});
