import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Database, Db } from './client';

/** The drizzle transaction handed to request code. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** A request's transaction with its security scope (mirrored in app.user_id / app.org_id for RLS). */
export type TxContext = {
  tx: Tx;
  userId: string | null;
  orgId: string | null;
  /** Runs fn after a successful commit (never after a rollback). */
  afterCommit(fn: () => void | Promise<void>): void;
};

export type TxScope = { userId: string | null; orgId: string | null };

/**
 * Runs fn in one transaction as the botdesk_app role with the scope set for row-level security,
 * then runs the afterCommit callbacks.
 */
export async function withTx<T>(database: Database, scope: TxScope, fn: (c: TxContext) => Promise<T>): Promise<T> {
  const callbacks: (() => void | Promise<void>)[] = [];
  const result = await database.db.transaction(async (tx) => {
    await applyScope(tx, scope, true);
    return fn({ tx, userId: scope.userId, orgId: scope.orgId, afterCommit: (cb) => callbacks.push(cb) });
  });
  for (const cb of callbacks) {
    try {
      await cb();
    } catch (error) {
      // The transaction is committed; a failed follow-up (a NOTIFY) must not turn success into an error.
      process.emitWarning(`afterCommit callback failed: ${(error as Error).message}`);
    }
  }
  return result;
}

/** Moves the same transaction to another org (e.g. a profile change fanned out to each of the user's orgs). */
export async function switchOrg(c: TxContext, orgId: string | null): Promise<TxContext> {
  await applyScope(c.tx, { userId: c.userId, orgId }, false);
  return { ...c, orgId };
}

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isScopeId = (id: string | null) => id === null || uuidShape.test(id);

/**
 * The statement that sets a transaction's scope (and, at its start, the role:
 * `set_config('role', …, true)` is `SET LOCAL ROLE`). Ids of UUID shape go in as literals: a
 * statement without parameters travels with the transaction's BEGIN in one round trip on
 * PostgreSQL (merging-client.ts). Anything else is passed as a parameter.
 */
function scopeStatement(scope: TxScope, withRole: boolean): SQL {
  const text = scopeText(scope, withRole);
  if (text !== null) return sql.raw(text);
  const role = withRole ? sql.raw("set_config('role', 'botdesk_app', true), ") : sql``;
  return sql`SELECT ${role}set_config('app.user_id', ${scope.userId ?? ''}, true), set_config('app.org_id', ${scope.orgId ?? ''}, true)`;
}

/** The scope statement with its ids as literals, or null when an id is not of UUID shape. */
function scopeText(scope: TxScope, withRole: boolean): string | null {
  if (!isScopeId(scope.userId) || !isScopeId(scope.orgId)) return null;
  const role = withRole ? "set_config('role', 'botdesk_app', true), " : '';
  return `SELECT ${role}set_config('app.user_id', '${scope.userId ?? ''}', true), set_config('app.org_id', '${scope.orgId ?? ''}', true)`;
}

async function applyScope(tx: Tx, scope: TxScope, withRole: boolean): Promise<void> {
  await tx.execute(scopeStatement(scope, withRole));
}

/**
 * Runs one statement built without parameters (literals the caller validated) in a transaction of
 * its own as botdesk_app with the scope, and answers its rows. On PostgreSQL it is one round trip:
 * the scope and the statement go as one simple-protocol query, which PostgreSQL runs as a single
 * implicit transaction (an error rolls back both). On PGlite it is an ordinary withTx.
 */
export async function queryOnce<T extends Record<string, unknown>>(
  database: Database,
  scope: TxScope,
  statement: string,
): Promise<T[]> {
  const scoped = scopeText(scope, true);
  if (database.kind !== 'postgres' || scoped === null) {
    return withTx(database, scope, (c) => queryRows<T>(c.tx, sql.raw(statement)));
  }
  const answer = (await database.db.execute(sql.raw(`${scoped};\n${statement}`))) as unknown;
  const results = (Array.isArray(answer) ? answer : [answer]) as { rows: T[] }[];
  return results.at(-1)?.rows ?? [];
}

/** Rows of a raw SQL statement (the result shape is the same over PGlite and node-postgres). */
export async function queryRows<T extends Record<string, unknown>>(tx: Tx | Db, query: SQL): Promise<T[]> {
  const result = (await tx.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
