import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { AppError } from '@shared/errors';
import { idSchema } from '@shared/schemas/common';
import { migrations } from './migrations';
import { registerRunWords } from './run-words';
import * as schema from './schema';

/** One user's open local database: the raw connection for bulk paths, drizzle for the rest. */
export type LocalDb = {
  readonly path: string;
  readonly sqlite: Database.Database;
  readonly orm: BetterSQLite3Database<typeof schema>;
  close(): void;
};

/** The folder holding one user's data; the user id is checked so it can never escape `users/`. */
export function userDataDir(dataDir: string, userId: string): string {
  if (!idSchema.safeParse(userId).success) throw new AppError('validation_failed', 'Invalid user id');
  return join(dataDir, 'users', userId);
}

/** Opens (creating when new) `<dataDir>/users/<userId>/botdesk.sqlite`, WAL and foreign keys on, migrated. */
export function openUserDb(dataDir: string, userId: string): LocalDb {
  const dir = userDataDir(dataDir, userId);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return openDbFile(join(dir, 'botdesk.sqlite'));
}

export function openDbFile(path: string): LocalDb {
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  // A commit that fills the WAL past this many pages runs the checkpoint (page copy + fsyncs) before
  // it returns. SQLite's 1000 pages (~4 MB) made about one local edit in 200 wait for it; at 4000
  // the edit's hot pages (meta, org row, outbox) are copied once per 4× more commits and the WAL
  // stays under ~16 MB. Durability is unchanged: it comes from the WAL, not the checkpoint.
  sqlite.pragma('wal_autocheckpoint = 4000');
  // Before the migrations: run_words' triggers (and the migration that fills it) call it.
  registerRunWords(sqlite);
  migrate(sqlite);
  return { path, sqlite, orm: drizzle(sqlite, { schema }), close: () => sqlite.close() };
}

function migrate(sqlite: Database.Database): void {
  const applied = sqlite.pragma('user_version', { simple: true }) as number;
  sqlite.transaction(() => {
    for (let i = applied; i < migrations.length; i++) sqlite.exec(migrations[i] ?? '');
    sqlite.pragma(`user_version = ${migrations.length}`);
    // The client id is created once per database; the server keys this install's mutations by it.
    sqlite.prepare('INSERT OR IGNORE INTO meta (id, client_id, next_mutation_id) VALUES (1, ?, 1)').run(randomUUID());
  })();
}

/** Runs `fn` in one SQLite transaction (all or nothing). */
export function inTransaction<T>(db: LocalDb, fn: () => T): T {
  return db.sqlite.transaction(fn)();
}

const prepared = new WeakMap<Database.Database, Map<string, Statement>>();

/** A statement prepared once per connection: hot paths (each local mutation, each pull) reuse it. */
export function cachedStatement(db: LocalDb, sql: string): Statement {
  let statements = prepared.get(db.sqlite);
  if (!statements) {
    statements = new Map();
    prepared.set(db.sqlite, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.sqlite.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}
