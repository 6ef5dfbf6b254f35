import { readdir, readFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { MergingClient } from './merging-client';
import { PgListener } from './pg-listener';
import * as schema from './schema';

export type Schema = typeof schema;
/** The drizzle instance, the same type over PGlite and PostgreSQL. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** An open database: PGlite (embedded, one connection) or PostgreSQL (a pool). */
export type Database = {
  kind: 'pglite' | 'postgres';
  db: Db;
  /**
   * Subscribes to NOTIFY on a channel; resolves to an unsubscribe function. `onGap` is called when
   * notifications may have been missed (the listening connection was lost, and again once it is back).
   */
  listen(channel: string, onPayload: (payload: string) => void, onGap?: () => void): Promise<() => Promise<void>>;
  /** Resolves once every notification committed before the call has reached this process's listeners. */
  notificationBarrier(): Promise<void>;
  close(): Promise<void>;
};

const migrationsDir = new URL('./migrations/', import.meta.url);
// Serializes migrations when several server processes start against one PostgreSQL.
const migrationLockKey = 727_001;
/** How often the embedded database refreshes its planner statistics (PostgreSQL's autovacuum does this itself). */
const pgliteAnalyzeMs = 5 * 60_000;

type Migration = { name: string; sql: string };

async function readMigrations(): Promise<Migration[]> {
  const names = (await readdir(migrationsDir)).filter((n) => n.endsWith('.sql')).sort();
  return Promise.all(names.map(async (name) => ({ name, sql: await readFile(new URL(name, migrationsDir), 'utf8') })));
}

const createMigrationsTable =
  'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())';

/** Opens PGlite when no databaseUrl is given (in memory without dataDir), PostgreSQL otherwise; applies migrations. */
export async function openDatabase(options: { databaseUrl?: string; dataDir?: string } = {}): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  await client.exec(createMigrationsTable);
  const applied = new Set(
    (await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name),
  );
  for (const m of await readMigrations()) {
    if (applied.has(m.name)) continue;
    // PGlite's query() takes one statement; exec() runs the whole file.
    await client.transaction(async (tx) => {
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [m.name]);
    });
  }
  // PGlite runs no autovacuum: without fresh planner statistics the snapshot's keyset pages turn
  // into full scans as an org grows (a 100k-row bootstrap took 96 s instead of 3 s).
  await client.exec('ANALYZE');
  const analyze = setInterval(() => void client.exec('ANALYZE').catch(() => undefined), pgliteAnalyzeMs);
  analyze.unref();
  return {
    kind: 'pglite',
    db: drizzlePglite({ client, schema }) as unknown as Db,
    listen: (channel, onPayload) => client.listen(channel, onPayload),
    // PGlite hands a query's notifications to the listeners before that query's promise resolves,
    // and it is the only connection: whatever committed before the call was handled already.
    notificationBarrier: async () => undefined,
    close: async () => {
      clearInterval(analyze);
      await client.close();
    },
  };
}

async function openPostgres(databaseUrl: string): Promise<Database> {
  // MergingClient: each transaction's BEGIN travels with its first statement (see merging-client.ts).
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, Client: MergingClient });
  // An idle client whose connection dies is dropped and replaced on next use; without this
  // listener the 'error' event would crash the process.
  pool.on('error', () => undefined);
  await migratePostgres(pool);
  const listener = new PgListener(databaseUrl);
  return {
    kind: 'postgres',
    db: drizzlePg({ client: pool, schema }) as unknown as Db,
    listen: (channel, onPayload, onGap) => listener.listen(channel, onPayload, onGap),
    notificationBarrier: () => listener.barrier(),
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}

async function migratePostgres(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [migrationLockKey]);
    await client.query(createMigrationsTable);
    const applied = new Set(
      (await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name),
    );
    for (const m of await readMigrations()) {
      if (applied.has(m.name)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [m.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`, { cause: error });
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]).catch(() => undefined);
    client.release();
  }
}
