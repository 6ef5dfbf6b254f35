import { and, asc, eq, gt } from 'drizzle-orm';
import type { Run } from '@shared/schemas/automation';
import { runs } from '../../db/schema';
import type { RunRow } from '../../db/schema';
import type { TxContext } from '../../db/tx';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The run as desktops with runs.read store it (the lease and idempotency key stay on the server). */
export function runSyncView(row: RunRow): Run {
  return {
    id: row.id,
    orgId: row.orgId,
    botId: row.botId,
    botName: row.botName,
    triggerId: row.triggerId,
    actorId: row.actorId,
    startedBy: row.startedBy,
    runnerId: row.runnerId,
    status: row.status,
    queuedAt: row.queuedAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    durationMs: row.durationMs,
    credits: row.credits,
    error: row.error,
    log: row.log,
    data: row.data,
    retryOf: row.retryOf,
  };
}

/** Snapshot page of runs in id order. */
export async function loadRunViews(c: TxContext, orgId: string, afterId: string | null, limit: number): Promise<Run[]> {
  const rows = await c.tx
    .select()
    .from(runs)
    .where(and(eq(runs.orgId, orgId), afterId === null ? undefined : gt(runs.id, afterId)))
    .orderBy(asc(runs.id))
    .limit(limit);
  return rows.map(runSyncView);
}
