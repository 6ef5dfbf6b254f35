import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { configuredDatabaseUrl } from '../env';
import { createFreshDatabase } from '../testing/test-server';
import { listenerApplicationName, PgListener } from './pg-listener';

// The LISTEN connection of a PostgreSQL server process (PGlite has no separate connection).

const databaseUrl = configuredDatabaseUrl();

describe.skipIf(!databaseUrl)('PgListener (PostgreSQL only)', () => {
  let fresh: { url: string; drop(): Promise<void> };
  let writer: pg.Client;
  beforeAll(async () => {
    fresh = await createFreshDatabase(databaseUrl ?? '');
    writer = new pg.Client({ connectionString: fresh.url });
    await writer.connect();
  });
  afterAll(async () => {
    await writer?.end();
    await fresh?.drop();
  });

  it('resolves a barrier only after the notifications committed before it were handled', async () => {
    const listener = new PgListener(fresh.url);
    try {
      const heard: string[] = [];
      await listener.listen('probe', (payload) => heard.push(payload));
      for (let i = 0; i < 20; i++) {
        await writer.query(`SELECT pg_notify('probe', '${i}')`);
        await listener.barrier();
        expect(heard.at(-1)).toBe(String(i));
      }
      // Callers arriving together share round trips, and each still waits for its own turn.
      const together = Array.from({ length: 10 }, async (_, i) => {
        await writer.query(`SELECT pg_notify('probe', 'together ${i}')`);
        await listener.barrier();
        return heard.includes(`together ${i}`);
      });
      expect(await Promise.all(together)).toEqual(Array.from({ length: 10 }, () => true));
    } finally {
      await listener.close();
    }
  });

  it('tells its listeners when the connection is lost and when it is back, and listens again', async () => {
    const listener = new PgListener(fresh.url);
    try {
      const heard: string[] = [];
      let gaps = 0;
      await listener.listen(
        'probe_gap',
        (payload) => heard.push(payload),
        () => (gaps += 1),
      );
      await listener.barrier();
      await writer.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = $1`,
        [listenerApplicationName],
      );
      // Lost, then back (with backoff): told both times, and a barrier passes again.
      await expect.poll(() => gaps, { timeout: 5_000 }).toBe(2);
      await listener.barrier();
      await writer.query(`SELECT pg_notify('probe_gap', 'after')`);
      await listener.barrier();
      expect(heard).toEqual(['after']);
    } finally {
      await listener.close();
    }
  });
});
