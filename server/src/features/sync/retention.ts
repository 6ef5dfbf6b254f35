import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';

/** How long the change log and mutation outcomes are kept; older cursors get `reset: too_old`. */
export const syncRetentionDays = 30;

/**
 * Drops log rows and mutation outcomes older than the window (a background job: it runs as the
 * connecting role through a SECURITY DEFINER function, not in a request scope). Returns the number
 * of log rows dropped.
 */
export async function pruneSyncLog(database: Database, retainDays = syncRetentionDays): Promise<number> {
  const result = (await database.db.execute(
    sql`SELECT botdesk_prune_sync(make_interval(days => ${retainDays})) AS pruned`,
  )) as unknown as { rows: { pruned: string | number }[] };
  return Number(result.rows[0]?.pruned ?? 0);
}
