import pg from 'pg';

type Handler = (payload: string) => void;

const reconnectDelaysMs = [100, 500, 1_000, 2_000, 5_000] as const;

/**
 * One dedicated PostgreSQL connection for LISTEN, outside the pool so it never takes a query slot.
 * When the connection dies (a restart, a failover, an admin's terminate) it reconnects with backoff
 * and listens on every channel again; pokes lost meanwhile are covered by the pull each desktop
 * makes on its fallback timer.
 */
export class PgListener {
  readonly #connectionString: string;
  readonly #handlers = new Map<string, Set<Handler>>();
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

  /** Subscribes to a channel; resolves once LISTEN is in place, to the unsubscribe function. */
  async listen(channel: string, onPayload: Handler): Promise<() => Promise<void>> {
    const client = await this.#connected();
    let handlers = this.#handlers.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.#handlers.set(channel, handlers);
      await this.#serial(() => client.query(`LISTEN ${pg.escapeIdentifier(channel)}`));
    }
    handlers.add(onPayload);
    return async () => {
      const set = this.#handlers.get(channel);
      if (!set?.delete(onPayload) || set.size > 0) return;
      this.#handlers.delete(channel);
      const current = this.#client;
      if (current)
        await this.#serial(() => current.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`)).catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#handlers.clear();
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
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
    const client = new pg.Client({ connectionString: this.#connectionString });
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
    return client;
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = null;
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
