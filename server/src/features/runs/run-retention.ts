import { sql } from 'drizzle-orm';
import { planKeys } from '@shared/schemas/org';
import { planOf } from '@shared/plans';
import type { Database } from '../../db/client';

/** How often each server process applies run retention; several at once is harmless. */
export const runRetentionEveryMs = 60 * 60_000;
const batch = 5_000;
const dayMs = 24 * 60 * 60_000;

/** Per plan key, the instant before which finished runs are deleted. */
export function retentionCutoffs(now: Date): Record<string, string> {
  return Object.fromEntries(
    planKeys.map((key) => [key, new Date(now.getTime() - planOf(key).runRetentionDays * dayMs).toISOString()]),
  );
}

/**
 * Deletes finished runs older than their org's plan retention, in batches, through a SECURITY
 * DEFINER function (a background job has no org scope). Queued and running runs are never deleted.
 * Not logged as changes: retention is not a change desktops replay. Answers how many were deleted.
 */
export async function pruneRuns(database: Database, now: Date): Promise<number> {
  const cutoffs = JSON.stringify(retentionCutoffs(now));
  let total = 0;
  for (;;) {
    const result = (await database.db.execute(
      sql`SELECT botdesk_prune_runs(${cutoffs}::jsonb, ${batch}) AS deleted`,
    )) as unknown as { rows: { deleted: string | number }[] };
    const deleted = Number(result.rows[0]?.deleted ?? 0);
    total += deleted;
    if (deleted < batch) return total;
  }
}
