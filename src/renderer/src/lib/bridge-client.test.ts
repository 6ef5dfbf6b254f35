import { describe, expect, it } from 'vitest';
import { BRIDGE_CLOSE_UNAUTHORIZED } from '@shared/bridge-protocol';
import { backoffDelay, createBridgeClient } from './bridge-client';
import type { SocketLike } from './bridge-client';

/** A socket the test drives by hand: it records what the client sends and plays the bridge's part. */
class FakeSocket implements SocketLike {
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close() {
    this.drop(1000);
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop(code: number) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const retries: (() => void)[] = [];
  const client = createBridgeClient({
    url: 'ws://127.0.0.1:1/bridge',
    secret: 'a-secret-of-sixteen-chars',
    createSocket: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    schedule: (_attempt, run) => retries.push(run),
  });
  const latest = () => sockets[sockets.length - 1] as FakeSocket;
  const connect = () => {
    latest().open();
    latest().receive({ type: 'ready' });
  };
  return { client, sockets, retries, latest, connect };
}

describe('bridge client', () => {
  it('says hello with the secret before anything else', () => {
    const { latest } = setup();
    latest().open();
    expect(latest().sent).toEqual([{ type: 'hello', secret: 'a-secret-of-sixteen-chars' }]);
  });

  it('holds calls until the bridge is ready, then answers each by its id', async () => {
    const { client, latest, connect } = setup();
    const first = client.invoke('sync.status', {});
    const second = client.invoke('orgs.list', {});
    connect();
    const [, a, b] = latest().sent as { id: number; method: string }[];
    expect([a?.method, b?.method]).toEqual(['sync.status', 'orgs.list']);
    latest().receive({ type: 'result', id: b?.id, response: { ok: true, value: [] } });
    latest().receive({
      type: 'result',
      id: a?.id,
      response: { ok: false, error: { code: 'offline', message: 'No network' } },
    });
    expect(await second).toEqual({ ok: true, value: [] });
    expect(await first).toEqual({ ok: false, error: { code: 'offline', message: 'No network' } });
  });

  it('delivers events to their listeners only, until unsubscribed', () => {
    const { client, latest, connect } = setup();
    connect();
    const seen: unknown[] = [];
    const off = client.on('notice', (n) => seen.push(n.title));
    client.on('sync.status', () => seen.push('wrong listener'));
    latest().receive({ type: 'event', event: 'notice', payload: { title: 'Hello' } });
    off();
    latest().receive({ type: 'event', event: 'notice', payload: { title: 'Ignored' } });
    expect(seen).toEqual(['Hello']);
  });

  it('answers offline for calls in flight when the bridge drops, then reconnects and says so', async () => {
    const { client, latest, connect, retries, sockets } = setup();
    const states: string[] = [];
    client.onConnection((s) => states.push(s));
    connect();
    const inFlight = client.invoke('session.get', {});
    latest().drop(1006);
    expect((await inFlight).ok).toBe(false);
    expect(client.connection()).toBe('reconnecting');
    retries.shift()?.();
    expect(sockets).toHaveLength(2);
    const later = client.invoke('sync.status', {});
    connect();
    const call = latest().sent[1] as { id: number };
    latest().receive({ type: 'result', id: call.id, response: { ok: true, value: 'fine' } });
    expect(await later).toEqual({ ok: true, value: 'fine' });
    expect(states).toEqual(['open', 'reconnecting', 'open']);
  });

  it('stops for good when the bridge refuses the secret', async () => {
    const { client, latest, retries } = setup();
    latest().open();
    const waiting = client.invoke('session.get', {});
    latest().drop(BRIDGE_CLOSE_UNAUTHORIZED);
    expect(client.connection()).toBe('unauthorized');
    expect(retries).toHaveLength(0);
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('backs off exponentially up to ten seconds', () => {
    expect([0, 1, 2, 3, 5, 20].map(backoffDelay)).toEqual([500, 1000, 2000, 4000, 10_000, 10_000]);
  });
});
