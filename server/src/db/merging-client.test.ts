import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { configuredDatabaseUrl } from '../env';
import { createFreshDatabase } from '../testing/test-server';
import { MergingClient } from './merging-client';

// The PostgreSQL connection every pooled query goes through (PGlite has none).

const databaseUrl = configuredDatabaseUrl();

describe.skipIf(!databaseUrl)('MergingClient (PostgreSQL only)', () => {
  let fresh: { url: string; drop(): Promise<void> };
  // Called through node-postgres's own signatures, as the pool's users call it.
  let client: pg.Client;
  beforeAll(async () => {
    fresh = await createFreshDatabase(databaseUrl ?? '');
    client = new MergingClient({ connectionString: fresh.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await fresh?.drop();
  });

  const prepared = async () =>
    (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_prepared_statements`)).rows[0]?.n;

  it('prepares a statement with parameters once per connection, and answers each call with its own values', async () => {
    const before = await prepared();
    for (let i = 0; i < 10; i++) {
      const { rows } = await client.query<{ n: number }>({ text: 'SELECT $1::int * 2 AS n', values: [i] });
      expect(rows).toEqual([{ n: i * 2 }]);
    }
    expect(await prepared()).toBe((before ?? 0) + 1);
  });

  it('keeps a prepared statement usable after one of its calls failed, in and out of transactions', async () => {
    const divide = (d: number) => client.query<{ q: number }>({ text: 'SELECT 10 / $1::int AS q', values: [d] });
    expect((await divide(2)).rows).toEqual([{ q: 5 }]);
    await expect(divide(0)).rejects.toThrow(/division by zero/);
    await client.query('BEGIN');
    await expect(divide(0)).rejects.toThrow(/division by zero/);
    await client.query('ROLLBACK');
    await client.query('BEGIN');
    expect((await divide(5)).rows).toEqual([{ q: 2 }]);
    await client.query('COMMIT');
  });
});
