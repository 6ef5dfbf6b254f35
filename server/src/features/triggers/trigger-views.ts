import { and, asc, eq, gt } from 'drizzle-orm';
import type { Trigger } from '@shared/schemas/automation';
import { triggers } from '../../db/schema';
import type { TriggerRow } from '../../db/schema';
import type { TxContext } from '../../db/tx';

/** Every column request code may read (botdesk_app has no SELECT on webhook_secret). */
export const triggerColumns = {
  orgId: triggers.orgId,
  id: triggers.id,
  botId: triggers.botId,
  name: triggers.name,
  kind: triggers.kind,
  cron: triggers.cron,
  timeZone: triggers.timeZone,
  enabled: triggers.enabled,
  nextFireAt: triggers.nextFireAt,
  lastFiredAt: triggers.lastFiredAt,
  secretRotatedAt: triggers.secretRotatedAt,
  createdAt: triggers.createdAt,
  updatedAt: triggers.updatedAt,
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The trigger as desktops with triggers.read store it: never the webhook secret. */
export function triggerSyncView(row: TriggerRow): Trigger {
  return {
    id: row.id,
    orgId: row.orgId,
    botId: row.botId,
    name: row.name,
    kind: row.kind,
    cron: row.cron,
    timeZone: row.timeZone,
    enabled: row.enabled,
    nextFireAt: iso(row.nextFireAt),
    lastFiredAt: iso(row.lastFiredAt),
    secretRotatedAt: iso(row.secretRotatedAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Snapshot page of triggers in id order. */
export async function loadTriggerViews(
  c: TxContext,
  orgId: string,
  afterId: string | null,
  limit: number,
): Promise<Trigger[]> {
  const rows = await c.tx
    .select(triggerColumns)
    .from(triggers)
    .where(and(eq(triggers.orgId, orgId), afterId === null ? undefined : gt(triggers.id, afterId)))
    .orderBy(asc(triggers.id))
    .limit(limit);
  return rows.map(triggerSyncView);
}
