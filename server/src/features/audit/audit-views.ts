import { and, asc, eq, gt } from 'drizzle-orm';
import type { AuditEvent } from '@shared/schemas/people';
import { auditEvents } from '../../db/schema';
import type { AuditEventRow } from '../../db/schema';
import type { TxContext } from '../../db/tx';

/** The audit event as desktops with audit.read store it. */
export function auditEventView(row: AuditEventRow): AuditEvent {
  return {
    id: row.id,
    orgId: row.orgId,
    actorId: row.actorId,
    actorName: row.actorName,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    targetLabel: row.targetLabel,
    before: row.before,
    after: row.after,
    at: row.at.toISOString(),
  };
}

/** Snapshot page of audit events in id order (the reader's permission is checked by the caller). */
export async function loadAuditEventViews(
  c: TxContext,
  orgId: string,
  afterId: string | null,
  limit: number,
): Promise<AuditEvent[]> {
  const rows = await c.tx
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.orgId, orgId), afterId === null ? undefined : gt(auditEvents.id, afterId)))
    .orderBy(asc(auditEvents.id))
    .limit(limit);
  return rows.map(auditEventView);
}
