import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { BRIDGE_CLOSE_UNAUTHORIZED } from '@shared/bridge-protocol';
import type { BridgeServerMessage } from '@shared/bridge-protocol';
import { createShellRecorder } from '../core/shell/shell-recorder';
import type { ShellRecorder } from '../core/shell/shell-recorder';
import { openTestCore } from '../core/testing/test-core';
import type { TestCore } from '../core/testing/test-core';
import { startBridge } from './start-bridge';
import type { Bridge } from './start-bridge';

let desk: TestCore;
let bridge: Bridge;
let shell: ShellRecorder;

beforeEach(async () => {
  const staticDir = mkdtempSync(join(tmpdir(), 'botdesk-web-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Botdesk</title>');
  writeFileSync(join(staticDir, 'app.js'), 'console.log("app")');
  shell = createShellRecorder();
  desk = await openTestCore({ notifier: shell.notifier, tray: shell.tray });
  bridge = await startBridge({ core: desk.core, staticDir, shell });
});

afterEach(async () => {
  await bridge.close();
  await desk.close();
});

/** Opens a bridge socket and collects what the server sends, until it closes. */
function connect(origin: string) {
  const ws = new WebSocket(`${bridge.url.replace('http', 'ws')}/bridge`, { origin });
  const messages: BridgeServerMessage[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (raw: Buffer) => {
    messages.push(JSON.parse(raw.toString()) as BridgeServerMessage);
    for (const w of waiters.splice(0)) w();
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const opened = new Promise<void>((resolve) => ws.on('open', () => resolve()));
  const next = async (match: (m: BridgeServerMessage) => boolean): Promise<BridgeServerMessage> => {
    for (;;) {
      const found = messages.find(match);
      if (found) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { ws, opened, closed, next, send: (m: unknown) => ws.send(JSON.stringify(m)) };
}

describe('bridge', () => {
  it('relays invoke to the core and pushes core events to an authenticated page', async () => {
    const page = connect(bridge.url);
    await page.opened;
    page.send({ type: 'hello', secret: bridge.secret });
    await page.next((m) => m.type === 'ready');

    page.send({ type: 'invoke', id: 1, method: 'session.get', input: {} });
    page.send({
      type: 'invoke',
      id: 2,
      method: 'session.signIn',
      input: { serverUrl: 'ftp://x', email: 'no', password: '' },
    });
    page.send({ type: 'invoke', id: 3, method: 'session.signOut', input: { removeLocalData: false } });

    expect(await page.next((m) => m.type === 'result' && m.id === 1)).toMatchObject({
      response: { ok: true, value: { status: 'signedOut' } },
    });
    expect(await page.next((m) => m.type === 'result' && m.id === 2)).toMatchObject({
      response: { ok: false, error: { code: 'validation_failed' } },
    });
    expect(await page.next((m) => m.type === 'event' && m.event === 'session.changed')).toMatchObject({
      payload: { status: 'signedOut' },
    });
    page.ws.close();
  });

  it('refuses a page from another origin', async () => {
    const page = connect('http://evil.example');

    expect(await page.closed).toBe(BRIDGE_CLOSE_UNAUTHORIZED);
  });

  it('refuses a client with the wrong secret, or one that skips hello', async () => {
    const wrong = connect(bridge.url);
    await wrong.opened;
    wrong.send({ type: 'hello', secret: 'x'.repeat(43) });
    const skipped = connect(`http://localhost:${new URL(bridge.url).port}`);
    await skipped.opened;
    skipped.send({ type: 'invoke', id: 1, method: 'session.get', input: {} });

    expect(await wrong.closed).toBe(BRIDGE_CLOSE_UNAUTHORIZED);
    expect(await skipped.closed).toBe(BRIDGE_CLOSE_UNAUTHORIZED);
  });

  it('serves the User Center with a strict CSP, routes falling back to index.html, nothing outside its folder', async () => {
    const index = await fetch(`${bridge.url}/orgs/123/people`);
    const script = await fetch(`${bridge.url}/app.js`);
    const escape = await fetch(`${bridge.url}/..%2f..%2f..%2fetc%2fpasswd`);

    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await index.text()).toContain('<title>Botdesk</title>');
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(await escape.text()).toContain('<title>Botdesk</title>');
    expect(bridge.launchUrl).toBe(`${bridge.url}/?bridgeSecret=${bridge.secret}`);
  });

  it('takes a botdesk:// link only with the launch secret, and only a valid one', async () => {
    const post = (body: string, headers: Record<string, string>) =>
      fetch(`${bridge.url}/deep-link`, { method: 'POST', body, headers }).then((r) => r.status);
    const link = `botdesk://accept-invite/${'Q'.repeat(43)}`;
    expect(await post(link, {})).toBe(401);
    expect(await post(link, { 'x-bridge-secret': 'wrong-secret-wrong-secret' })).toBe(401);
    expect(await post(link, { 'x-bridge-secret': bridge.secret, origin: 'https://evil.example' })).toBe(403);
    expect(await post('botdesk://accept-invite/nope', { 'x-bridge-secret': bridge.secret })).toBe(400);
    expect(await post(link, { 'x-bridge-secret': bridge.secret })).toBe(202);
  });

  it('shows what the shell would, and plays a notification click, only with the launch secret', async () => {
    shell.notifier.show({ title: 'Credits running low in Acme', body: 'Acme has 150 credits left', route: '/orgs/x' });
    const secret = { 'x-bridge-secret': bridge.secret };
    expect((await fetch(`${bridge.url}/shell`)).status).toBe(401);
    const seen = (await (await fetch(`${bridge.url}/shell`, { headers: secret })).json()) as {
      notifications: { title: string }[];
      tray: { items: { label?: string }[] } | null;
    };
    expect(seen.notifications.map((n) => n.title)).toEqual(['Credits running low in Acme']);
    expect(seen.tray?.items.map((i) => i.label)).toContain('Not signed in');

    const page = connect(bridge.url);
    await page.opened;
    page.send({ type: 'hello', secret: bridge.secret });
    await page.next((m) => m.type === 'ready');
    const click = (body: string, headers: Record<string, string>) =>
      fetch(`${bridge.url}/shell/notification-click`, { method: 'POST', body, headers }).then((r) => r.status);
    expect(await click('/orgs/abc/usage', {})).toBe(401);
    expect(await click('https://evil.example/', secret)).toBe(400);
    expect(await click('/orgs/abc/usage', secret)).toBe(202);
    const navigate = await page.next((m) => m.type === 'event' && m.event === 'app.navigate');
    expect(navigate).toMatchObject({ payload: { route: '/orgs/abc/usage' } });
    page.ws.close();
  });
});
