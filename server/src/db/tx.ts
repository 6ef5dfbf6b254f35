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
    await tx.execute(sql`SET LOCAL ROLE botdesk_app`);
    await applyScope(tx, scope);
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
  await applyScope(c.tx, { userId: c.userId, orgId });
  return { ...c, orgId };
}

async function applyScope(tx: Tx, scope: TxScope): Promise<void> {
  await tx.execute(
    sql`SELECT set_config('app.user_id', ${scope.userId ?? ''}, true), set_config('app.org_id', ${scope.orgId ?? ''}, true)`,
  );
}

/** Rows of a raw SQL statement (the result shape is the same over PGlite and node-postgres). */
export async function queryRows<T extends Record<string, unknown>>(tx: Tx | Db, query: SQL): Promise<T[]> {
  const result = (await tx.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
