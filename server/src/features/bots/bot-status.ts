import { sql } from 'drizzle-orm';
import type { BotStatus, RunStatus } from '@shared/schemas/automation';
import type { BotRow } from '../../db/schema';
import { queryRows } from '../../db/tx';
import type { TxContext } from '../../db/tx';
import { writeBot } from '../runs/run-store';
import { deriveBotStatus } from './derive-bot-status';
import type { BotRunFields } from './derive-bot-status';

type FactsRow = {
  id: string;
  status: BotStatus;
  enabled: boolean;
  last_run_status: RunStatus | null;
  online: boolean;
  running: boolean;
  queued: boolean;
};

/**
 * Re-derives the status of the given bots of the org (locking them, in id order so concurrent
 * callers never deadlock) and writes those that changed, with `also` when given (one UPDATE per bot,
 * the status derived from the new last run); answers the written rows for the caller to record
 * once every row is written.
 */
export async function refreshBotStatuses(
  c: TxContext,
  orgId: string,
  botIds: readonly string[],
  now: Date,
  also: BotRunFields = {},
): Promise<BotRow[]> {
  if (botIds.length === 0) return [];
  const ids = sql`ARRAY[${sql.join(
    botIds.map((id) => sql`${id}`),
    sql`, `,
  )}]::uuid[]`;
  const rows = await queryRows<FactsRow>(
    c.tx,
    sql`SELECT b.id, b.status, b.enabled, b.last_run_status,
          EXISTS (SELECT 1 FROM runners r WHERE r.org_id = b.org_id AND r.status = 'online' AND b.id = ANY (r.bot_ids)) AS online,
          EXISTS (SELECT 1 FROM runs x WHERE x.org_id = b.org_id AND x.bot_id = b.id AND x.status = 'running') AS running,
          EXISTS (SELECT 1 FROM runs x WHERE x.org_id = b.org_id AND x.bot_id = b.id AND x.status = 'queued') AS queued
        FROM bots b WHERE b.org_id = ${orgId} AND b.id = ANY (${ids})
        ORDER BY b.id FOR UPDATE OF b`,
  );
  const changed: BotRow[] = [];
  for (const row of rows) {
    const status = deriveBotStatus({
      enabled: row.enabled,
      online: row.online,
      running: row.running,
      queued: row.queued,
      lastRunStatus: also.lastRunStatus !== undefined ? also.lastRunStatus : row.last_run_status,
    });
    const writesAlso = Object.keys(also).length > 0;
    if (status !== row.status || writesAlso) {
      changed.push(await writeBot(c, orgId, row.id, { ...also, status, updatedAt: now }));
    }
  }
  return changed;
}
