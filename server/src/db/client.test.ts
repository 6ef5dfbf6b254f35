import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { configuredDatabaseUrl } from '../env';
import { createFreshDatabase } from '../testing/test-server';
import { openDatabase } from './client';
import type { Database } from './client';
import { queryOnce, queryRows, withTx } from './tx';

// PGlite in memory, or a fresh database on the PostgreSQL of DATABASE_URL.
let database: Database;
let fresh: { url: string; drop(): Promise<void> } | null = null;
beforeAll(async () => {
  const baseUrl = configuredDatabaseUrl();
  fresh = baseUrl ? await createFreshDatabase(baseUrl) : null;
  database = await openDatabase({ databaseUrl: fresh?.url });
});
afterAll(async () => {
  await database?.close();
  await fresh?.drop();
});

describe('database client', () => {
  it('applies every migration once and records it, and reopening changes nothing', async () => {
    if (fresh) await (await openDatabase({ databaseUrl: fresh.url })).close();
    const rows = await queryRows<{ name: string }>(database.db, sql`SELECT name FROM schema_migrations ORDER BY name`);
    expect(rows.map((r) => r.name)).toContain('0001_core.sql');
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
  });

  it('runs requests as botdesk_app with the scope visible to SQL', async () => {
    const userId = crypto.randomUUID();
    const orgId = crypto.randomUUID();
    const [row] = await withTx(database, { userId, orgId }, (c) =>
      queryRows<{ role: string; user_id: string; org_id: string }>(
        c.tx,
        sql`SELECT current_user AS role, current_setting('app.user_id') AS user_id, current_setting('app.org_id') AS org_id`,
      ),
    );
    expect(row).toEqual({ role: 'botdesk_app', user_id: userId, org_id: orgId });
    // SET LOCAL: the role and scope end with the transaction.
    const [after] = await queryRows<{ role: string }>(database.db, sql`SELECT current_user AS role`);
    expect(after?.role).not.toBe('botdesk_app');
  });

  it('keeps a transaction whole: a failure rolls back every statement, the first one included', async () => {
    const table = `tx_probe_${crypto.randomUUID().replaceAll('-', '')}`;
    await database.db.execute(sql.raw(`CREATE TABLE ${table} (n int)`));
    await database.db.execute(sql.raw(`GRANT ALL ON ${table} TO botdesk_app`));
    const insert = (n: number) => sql.raw(`INSERT INTO ${table} VALUES (${n})`);
    await expect(
      withTx(database, { userId: null, orgId: null }, async (c) => {
        await c.tx.execute(insert(1));
        await c.tx.execute(sql`INSERT INTO ${sql.identifier(table)} VALUES (${2})`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(
      withTx(database, { userId: null, orgId: null }, async (c) => {
        await c.tx.execute(insert(3));
        await c.tx.execute(sql.raw('SELECT 1/0'));
      }),
    ).rejects.toThrow();
    await withTx(database, { userId: null, orgId: null }, (c) => c.tx.execute(insert(4)));
    const rows = await queryRows<{ n: number }>(database.db, sql.raw(`SELECT n FROM ${table}`));
    expect(rows).toEqual([{ n: 4 }]);
    await database.db.execute(sql.raw(`DROP TABLE ${table}`));
  });

  it('runs a one-statement transaction as botdesk_app with the scope, and leaves neither behind', async () => {
    const orgId = crypto.randomUUID();
    const [row] = await queryOnce<{ role: string; org_id: string }>(
      database,
      { userId: null, orgId },
      "SELECT current_user AS role, current_setting('app.org_id') AS org_id",
    );
    expect(row).toEqual({ role: 'botdesk_app', org_id: orgId });
    await expect(queryOnce(database, { userId: null, orgId }, 'SELECT 1/0')).rejects.toThrow();
    const [after] = await queryRows<{ role: string; org_id: string | null }>(
      database.db,
      sql`SELECT current_user AS role, nullif(current_setting('app.org_id', true), '') AS org_id`,
    );
    expect(after).toEqual({ role: expect.not.stringMatching(/^botdesk_app$/), org_id: null });
  });

  it('runs afterCommit callbacks after a commit and never after a rollback', async () => {
    const ran: string[] = [];
    await withTx(database, { userId: null, orgId: null }, async (c) => {
      c.afterCommit(() => void ran.push('committed'));
      expect(ran).toEqual([]);
    });
    await expect(
      withTx(database, { userId: null, orgId: null }, async (c) => {
        c.afterCommit(() => void ran.push('rolled back'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(ran).toEqual(['committed']);
  });

  it('delivers NOTIFY to listeners after commit, until they unsubscribe', async () => {
    const channel = `test_${crypto.randomUUID().replaceAll('-', '')}`;
    const received: string[] = [];
    let arrived: () => void = () => {};
    const first = new Promise<void>((resolve) => (arrived = resolve));
    const unlisten = await database.listen(channel, (payload) => {
      received.push(payload);
      arrived();
    });
    await withTx(database, { userId: null, orgId: null }, (c) =>
      c.tx.execute(sql`SELECT pg_notify(${channel}, 'hello')`),
    );
    await first;
    expect(received).toEqual(['hello']);
    await unlisten();
  });
});

// Only PostgreSQL has a connection an administrator (or a restart) can cut.
describe.skipIf(!configuredDatabaseUrl())('LISTEN on PostgreSQL', () => {
  it('listens again after its connection is terminated, so pokes keep arriving', async () => {
    const channel = `test_${crypto.randomUUID().replaceAll('-', '')}`;
    const received: string[] = [];
    const unlisten = await database.listen(channel, (payload) => received.push(payload));
    const notify = (payload: string) =>
      withTx(database, { userId: null, orgId: null }, (c) =>
        c.tx.execute(sql`SELECT pg_notify(${channel}, ${payload})`),
      );
    await queryRows(
      database.db,
      sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`,
    );
    // Notify until the reconnected listener hears one: each try is a separate commit.
    const deadline = Date.now() + 10_000;
    while (received.length === 0 && Date.now() < deadline) {
      await notify('after the cut');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(received[0]).toBe('after the cut');
    await unlisten();
  });
});
