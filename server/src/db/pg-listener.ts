import { randomBytes } from 'node:crypto';
import pg from 'pg';

type Handler = (payload: string) => void;

const reconnectDelaysMs = [100, 500, 1_000, 2_000, 5_000] as const;
/** How the listener's connection shows in pg_stat_activity. */
export const listenerApplicationName = 'botdesk-listener';
/** A barrier whose own notification has not come back by then counts the connection as lost. */
const barrierTimeoutMs = 5_000;

/**
 * One dedicated PostgreSQL connection for LISTEN, outside the pool so it never takes a query slot.
 * When the connection dies (a restart, a failover, an admin's terminate) it reconnects with backoff
 * and listens on every channel again; pokes lost meanwhile are covered by the pull each desktop
 * makes on its fallback timer. Listeners that cannot live with a missed notification (a cache) pass
 * `onGap`, called when the connection is lost and again once it is back.
 *
 * `barrier()` resolves once every notification committed before it was called has been handed to
 * the handlers: it sends a notification to a channel of its own on this connection and waits for
 * it to come back. PostgreSQL queues notifications in commit order and delivers each listener's in
 * that order, so its own coming back means everything committed earlier came first. Callers that
 * arrive while one is on its way share the next one.
 */
export class PgListener {
  readonly #connectionString: string;
  readonly #handlers = new Map<string, Set<Handler>>();
  readonly #gapHandlers = new Set<() => void>();
  readonly #barrierChannel = `botdesk_barrier_${randomBytes(8).toString('hex')}`;
  readonly #barrierWaiters = new Map<string, { resolve(): void; reject(error: Error): void }>();
  #barrierCount = 0;
  #barrierInFlight: Promise<void> | null = null;
  #barrierNext: Promise<void> | null = null;
  #client: pg.Client | null = null;
  #connecting: Promise<pg.Client> | null = null;
  #attempt = 0;
  #closed = false;
  #retryTimer: NodeJS.Timeout | null = null;
  // One connection runs one query at a time: LISTEN/UNLISTEN calls are chained, never concurrent.
  #queue: Promise<unknown> = Promise.resolve();

  constructor(connectionString: string) {
    this.#connectionString = connectionString;
  }

  /**
   * Subscribes to a channel; resolves once LISTEN is in place, to the unsubscribe function. `onGap`
   * is called each time the connection is lost and each time it is back (notifications sent in
   * between are missed).
   */
  async listen(channel: string, onPayload: Handler, onGap?: () => void): Promise<() => Promise<void>> {
    const client = await this.#connected();
    let handlers = this.#handlers.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.#handlers.set(channel, handlers);
      await this.#serial(() => client.query(`LISTEN ${pg.escapeIdentifier(channel)}`));
    }
    handlers.add(onPayload);
    // A fresh function per subscription, so one callback passed twice is removed once per unsubscribe.
    const gap = onGap ? () => onGap() : null;
    if (gap) this.#gapHandlers.add(gap);
    return async () => {
      if (gap) this.#gapHandlers.delete(gap);
      const set = this.#handlers.get(channel);
      if (!set?.delete(onPayload) || set.size > 0) return;
      this.#handlers.delete(channel);
      const current = this.#client;
      if (current)
        await this.#serial(() => current.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`)).catch(() => undefined);
    };
  }

  /** Resolves once every notification committed before the call has been handled; rejects when disconnected. */
  barrier(): Promise<void> {
    if (this.#barrierNext) return this.#barrierNext;
    const inFlight = this.#barrierInFlight;
    if (!inFlight) return this.#sendBarrier();
    // The one on its way was sent before this call: what committed just now may come after it.
    const next = inFlight
      .catch(() => undefined)
      .then(() => {
        this.#barrierNext = null;
        return this.#sendBarrier();
      });
    this.#barrierNext = next;
    return next;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#handlers.clear();
    this.#gapHandlers.clear();
    this.#failBarriers(new Error('The listener is closed'));
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
  }

  #sendBarrier(): Promise<void> {
    const sent = this.#barrier().finally(() => {
      if (this.#barrierInFlight === sent) this.#barrierInFlight = null;
    });
    this.#barrierInFlight = sent;
    return sent;
  }

  async #barrier(): Promise<void> {
    const client = this.#client;
    if (!client || this.#closed) throw new Error('The listener is not connected');
    if (!this.#handlers.has(this.#barrierChannel)) {
      this.#handlers.set(this.#barrierChannel, new Set([(payload) => this.#barrierWaiters.get(payload)?.resolve()]));
      await this.#serial(() => client.query(`LISTEN ${pg.escapeIdentifier(this.#barrierChannel)}`));
    }
    const token = String((this.#barrierCount += 1));
    const back = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error('A barrier notification did not come back'));
        this.#lost(client);
      }, barrierTimeoutMs);
      const settle = () => {
        clearTimeout(timer);
        this.#barrierWaiters.delete(token);
      };
      this.#barrierWaiters.set(token, {
        resolve: () => (settle(), resolve()),
        reject: (error) => (settle(), reject(error)),
      });
    });
    back.catch(() => undefined);
    const notify = `SELECT pg_notify(${pg.escapeLiteral(this.#barrierChannel)}, ${pg.escapeLiteral(token)})`;
    try {
      await this.#serial(() => client.query(notify));
    } catch (error) {
      this.#barrierWaiters.get(token)?.reject(error as Error);
      throw error;
    }
    await back;
  }

  #failBarriers(error: Error): void {
    for (const waiter of [...this.#barrierWaiters.values()]) waiter.reject(error);
  }

  #serial<T>(run: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  #connected(): Promise<pg.Client> {
    if (this.#client) return Promise.resolve(this.#client);
    this.#connecting ??= this.#connect().finally(() => {
      this.#connecting = null;
    });
    return this.#connecting;
  }

  async #connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.#connectionString,
      application_name: listenerApplicationName,
    });
    // Without an error listener a dropped connection would crash the process.
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    client.on('notification', (msg) => {
      for (const handler of this.#handlers.get(msg.channel) ?? []) handler(msg.payload ?? '');
    });
    await client.connect();
    for (const channel of this.#handlers.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    this.#client = client;
    this.#attempt = 0;
    // Back again: what was learnt while away (e.g. a cache filled from the database) may have missed a notification.
    for (const gap of this.#gapHandlers) gap();
    return client;
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = null;
    this.#failBarriers(new Error('The listener connection was lost'));
    for (const gap of this.#gapHandlers) gap();
    // A connection that stopped answering without closing is dropped too, so that it is replaced.
    client.end().catch(() => undefined);
    if (this.#closed) return;
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    const delay = reconnectDelaysMs[Math.min(this.#attempt++, reconnectDelaysMs.length - 1)];
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (this.#closed || this.#client) return;
      this.#connected().catch(() => this.#scheduleReconnect());
    }, delay);
    this.#retryTimer.unref();
  }
}
