import { BRIDGE_CLOSE_UNAUTHORIZED, bridgeServerMessageSchema } from '@shared/bridge-protocol';
import type { BridgeClientMessage } from '@shared/bridge-protocol';
import type { BotdeskApi, IpcResponse } from '@shared/ipc';

/** How the page's link to the desktop core stands; `unauthorized` is final (wrong or missing secret). */
export type BridgeConnection = 'connecting' | 'open' | 'reconnecting' | 'unauthorized';

/** The slice of the browser WebSocket the client uses, so tests can hand in a fake. */
export type SocketLike = {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
};

export type BridgeClientOptions = {
  url: string;
  secret: string;
  createSocket?: (url: string) => SocketLike;
  /** Runs reconnect attempt `n` (0-based) later; injectable so tests need no timers. */
  schedule?: (attempt: number, run: () => void) => void;
};

export type BridgeClient = BotdeskApi & {
  connection(): BridgeConnection;
  onConnection(listener: (state: BridgeConnection) => void): () => void;
  close(): void;
};

const OPEN = 1;
const maxDelayMs = 10_000;

/** Exponential backoff from half a second up to ten, so a restarted bridge is found quickly. */
export function backoffDelay(attempt: number): number {
  return Math.min(maxDelayMs, 500 * 2 ** Math.min(attempt, 10));
}

const defaultSchedule = (attempt: number, run: () => void) => {
  setTimeout(run, backoffDelay(attempt));
};

type Pending = { resolve: (response: IpcResponse<unknown>) => void; message: BridgeClientMessage };

const refused: IpcResponse<never> = {
  ok: false,
  error: { code: 'unauthenticated', message: 'The bridge refused this page.' },
};
const dropped: IpcResponse<never> = {
  ok: false,
  error: { code: 'offline', message: 'The connection to the desktop core dropped; try again.' },
};

/**
 * Speaks @shared/bridge-protocol: `hello` with the secret, then `invoke`/`result` by id, plus
 * `event` pushes. Calls made while the bridge is away wait for it; calls in flight when it drops
 * answer `offline`, since the core may or may not have run them.
 */
export function createBridgeClient(options: BridgeClientOptions): BridgeClient {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const schedule = options.schedule ?? defaultSchedule;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(state: BridgeConnection) => void>();
  const waiting: Pending[] = [];
  const inFlight = new Map<number, Pending>();
  let state: BridgeConnection = 'connecting';
  let socket: SocketLike | null = null;
  let ready = false;
  let nextId = 1;
  let attempt = 0;
  let closed = false;

  const setState = (next: BridgeConnection) => {
    if (next === state) return;
    state = next;
    for (const listener of connectionListeners) listener(next);
  };

  const flush = () => {
    while (ready && socket && waiting.length > 0) {
      const pending = waiting.shift() as Pending;
      if (pending.message.type === 'invoke') inFlight.set(pending.message.id, pending);
      socket.send(JSON.stringify(pending.message));
    }
  };

  const handleMessage = (data: unknown) => {
    let raw: unknown;
    try {
      raw = JSON.parse(String(data));
    } catch {
      return;
    }
    const parsed = bridgeServerMessageSchema.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'ready') {
      ready = true;
      attempt = 0;
      setState('open');
      flush();
    } else if (message.type === 'result') {
      const pending = inFlight.get(message.id);
      inFlight.delete(message.id);
      pending?.resolve(message.response as IpcResponse<unknown>);
    } else {
      for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
    }
  };

  const connect = () => {
    if (closed) return;
    const ws = createSocket(options.url);
    socket = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', secret: options.secret } satisfies BridgeClientMessage));
    ws.onmessage = (event) => handleMessage(event.data);
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = null;
      ready = false;
      for (const pending of inFlight.values()) pending.resolve(dropped);
      inFlight.clear();
      if (closed) return;
      if (event.code === BRIDGE_CLOSE_UNAUTHORIZED) {
        setState('unauthorized');
        for (const pending of waiting.splice(0)) pending.resolve(refused);
        return;
      }
      setState('reconnecting');
      schedule(attempt++, connect);
    };
  };

  connect();

  const api: BotdeskApi = {
    invoke: (method, input) =>
      new Promise((resolve) => {
        if (state === 'unauthorized') {
          resolve(refused);
          return;
        }
        const message: BridgeClientMessage = { type: 'invoke', id: nextId++, method, input };
        waiting.push({ resolve: resolve as Pending['resolve'], message });
        if (socket?.readyState === OPEN) flush();
      }),
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
  };

  return {
    ...api,
    connection: () => state,
    onConnection: (listener) => {
      connectionListeners.add(listener);
      return () => {
        connectionListeners.delete(listener);
      };
    },
    close: () => {
      closed = true;
      socket?.close();
    },
  };
}
