import { inTransaction } from '../db/connection';
import type { LocalDb } from '../db/connection';
import { listOrgSync } from '../db/queries';
import { firstRunBeyond, pruneRunsUpTo } from '../db/run-prune';

/** Runs an org keeps on this device unless the person chose otherwise (app settings). */
export const DEFAULT_RUN_HISTORY_LIMIT = 200_000;
/** Runs deleted per transaction: each batch holds the main process for a few tens of milliseconds. */
const pruneBatch = 2_000;

/** How far past the limit an org may grow before it is pruned back to it. */
export function pruneSlack(keep: number): number {
  return Math.max(100, Math.floor(keep / 100));
}

/**
 * Trims every ready org's local runs to the newest `keep` (by queue time), in batches with a turn
 * of the event loop between them. Returns the orgs it trimmed. Older runs stay reachable: the
 * history fetches them from the server when the person scrolls or filters past the local ones.
 */
export async function pruneRunHistory(db: LocalDb, keep: number): Promise<string[]> {
  const trimmed: string[] = [];
  for (const org of listOrgSync(db).filter((o) => o.state === 'ready')) {
    const edge = firstRunBeyond(db, org.orgId, keep, pruneSlack(keep));
    if (!edge) continue;
    trimmed.push(org.orgId);
    for (;;) {
      const deleted = inTransaction(db, () => pruneRunsUpTo(db, org.orgId, edge, pruneBatch));
      if (deleted < pruneBatch) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return trimmed;
}
