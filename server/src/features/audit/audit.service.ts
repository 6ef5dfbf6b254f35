import { and, desc, eq, gte, lt, lte } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { AppError } from '@shared/errors';
import { idSchema, isoDateSchema } from '@shared/schemas/common';
import type { AuditEvent } from '@shared/schemas/people';
import { auditEvents, users } from '../../db/schema';
import type { TxContext } from '../../db/tx';
import { recordChange } from '../sync/change-log';
import { requireMember } from '../orgs/membership';
import { auditEventView } from './audit-views';

/** One administrative change to record. */
export type AuditInput = {
  orgId: string;
  /** The acting user's id (null for the system); their display name is read from users unless given. */
  actor: string | null;
  actorName?: string;
  /** Dotted name of the change, e.g. `member.role_changed`. */
  action: string;
  targetType: string;
  targetId: string;
  /** How a person recognises the target (a name, an email) even after it is gone. */
  targetLabel: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

async function actorNameOf(c: TxContext, userId: string | null): Promise<string> {
  if (!userId) return 'Botdesk';
  const [row] = await c.tx.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return row?.name ?? 'A former member';
}

/**
 * Writes an audit event in the caller's transaction (so it commits or rolls back with the change it
 * records) and appends it to the org's change log as entity `auditEvent`. Call it from every
 * administrative change, with the transaction scoped to input.orgId.
 */
export async function recordAudit(c: TxContext, input: AuditInput): Promise<AuditEvent> {
  const [row] = await c.tx
    .insert(auditEvents)
    .values({
      orgId: input.orgId,
      id: uuidv7(),
      actorId: input.actor,
      actorName: input.actorName ?? (await actorNameOf(c, input.actor)),
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId,
      targetLabel: input.targetLabel,
      before: input.before,
      after: input.after,
    })
    .returning();
  if (!row) throw new AppError('internal', 'The audit event could not be written');
  const view = auditEventView(row);
  await recordChange(c, { orgId: input.orgId, entity: 'auditEvent', entityId: view.id, op: 'upsert', data: view });
  return view;
}

export const maxAuditPage = 200;

export const auditQuerySchema = z.object({
  actorId: idSchema.optional(),
  action: z.string().trim().min(1).max(100).optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  /** The `nextCursor` of the previous page. */
  cursor: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(maxAuditPage).default(50),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** A page of the org's audit log, newest first (needs audit.read). Ids are UUIDv7, so id order is time order. */
export async function listAuditEvents(
  c: TxContext,
  orgId: string,
  query: AuditQuery,
): Promise<{ events: AuditEvent[]; nextCursor: string | null }> {
  await requireMember(c, orgId, 'audit.read');
  const where: (SQL | undefined)[] = [eq(auditEvents.orgId, orgId)];
  if (query.actorId) where.push(eq(auditEvents.actorId, query.actorId));
  if (query.action) where.push(eq(auditEvents.action, query.action));
  if (query.from) where.push(gte(auditEvents.at, new Date(query.from)));
  if (query.to) where.push(lte(auditEvents.at, new Date(query.to)));
  if (query.cursor) where.push(lt(auditEvents.id, query.cursor));
  const rows = await c.tx
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const nextCursor = rows.length > query.limit ? (page.at(-1)?.id ?? null) : null;
  return { events: page.map(auditEventView), nextCursor };
}
