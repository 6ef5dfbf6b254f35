import { cachedStatement } from './connection';
import type { LocalDb } from './connection';
import { dropEmptyBuckets } from './run-buckets';

/**
 * The newest run beyond the `keep` newest of an org (the first one to prune), or null when the org
 * holds no more than `keep`. Checking `keep + slack` first lets the window overflow a little before
 * pruning, so a steady trickle of new runs prunes in batches, not one row per sync.
 */
export function firstRunBeyond(
  db: LocalDb,
  orgId: string,
  keep: number,
  slack: number,
): { queuedAt: string; id: string } | null {
  const at = (offset: number) =>
    cachedStatement(
      db,
      'SELECT queued_at AS queuedAt, id FROM runs WHERE org_id = ? ORDER BY queued_at DESC, id DESC LIMIT 1 OFFSET ?',
    ).get(orgId, offset) as { queuedAt: string; id: string } | undefined;
  if (!at(keep + slack)) return null;
  return at(keep) ?? null;
}

/**
 * Deletes up to `batch` confirmed runs at or older than `edge` and returns how many. Local only:
 * nothing is queued for the server and no tombstone is written — these rows are simply older than
 * the window this device keeps (rows with a pending overlay stay until it is settled).
 */
export function pruneRunsUpTo(
  db: LocalDb,
  orgId: string,
  edge: { queuedAt: string; id: string },
  batch: number,
): number {
  const sql = `DELETE FROM runs WHERE rowid IN (
    SELECT rowid FROM runs WHERE org_id = ? AND (queued_at, id) <= (?, ?) AND local IS NULL LIMIT ?)`;
  const deleted = cachedStatement(db, sql).run(orgId, edge.queuedAt, edge.id, batch).changes;
  // The last batch: forget the buckets the pruned days left at zero.
  if (deleted < batch) dropEmptyBuckets(db, orgId);
  return deleted;
}
