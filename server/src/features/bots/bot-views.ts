import { and, asc, eq, gt } from 'drizzle-orm';
import type { Bot, Runner } from '@shared/schemas/automation';
import { bots, runners } from '../../db/schema';
import type { BotRow, RunnerRow } from '../../db/schema';
import type { TxContext } from '../../db/tx';

export function botSyncView(row: BotRow): Bot {
  return {
    id: row.id,
    orgId: row.orgId,
    name: row.name,
    description: row.description,
    enabled: row.enabled,
    creditsPerRun: row.creditsPerRun,
    creditsPerMinute: row.creditsPerMinute,
    steps: row.steps,
    status: row.status,
    lastRunId: row.lastRunId,
    lastRunStatus: row.lastRunStatus,
    lastRunAt: row.lastRunAt ? row.lastRunAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function runnerSyncView(row: RunnerRow): Runner {
  return {
    id: row.id,
    orgId: row.orgId,
    runnerKey: row.runnerKey,
    apiKeyId: row.apiKeyId,
    botIds: row.botIds,
    status: row.status,
    lastHeartbeatAt: row.lastHeartbeatAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
  };
}

/** Snapshot page of bots in id order. */
export async function loadBotViews(c: TxContext, orgId: string, afterId: string | null, limit: number): Promise<Bot[]> {
  const rows = await c.tx
    .select()
    .from(bots)
    .where(and(eq(bots.orgId, orgId), afterId === null ? undefined : gt(bots.id, afterId)))
    .orderBy(asc(bots.id))
    .limit(limit);
  return rows.map(botSyncView);
}

/** Snapshot page of runners in id order. */
export async function loadRunnerViews(
  c: TxContext,
  orgId: string,
  afterId: string | null,
  limit: number,
): Promise<Runner[]> {
  const rows = await c.tx
    .select()
    .from(runners)
    .where(and(eq(runners.orgId, orgId), afterId === null ? undefined : gt(runners.id, afterId)))
    .orderBy(asc(runners.id))
    .limit(limit);
  return rows.map(runnerSyncView);
}
