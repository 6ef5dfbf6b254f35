import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '@shared/errors';
import type { Invitation } from '@shared/schemas/people';
import { organizations, roles, users } from '../../db/schema';
import type { OrganizationRow, RoleRow } from '../../db/schema';
import type { TxContext } from '../../db/tx';
import type { Mailer } from '../../mail/mailer';
import { recordAudit } from '../audit/audit.service';
import { recordChange } from '../sync/change-log';
import { formerMemberName, loadInvitationView } from './invitation-views';

/** What invitation services need beyond the transaction: the server clock (tests pin it) and the mailer. */
export type InvitationDeps = { now: () => Date; mailer: Mailer };

/** How long an invitation stays acceptable. */
export const invitationTtlMs = 7 * 24 * 60 * 60 * 1000;

/**
 * The one answer to a token that is unknown, malformed, expired, used, declined or revoked, so a
 * caller learns nothing about which.
 */
export function invitationInvalid(): AppError {
  return new AppError('invitation_invalid', 'This invitation is not valid any more; ask for a new one');
}

export type InvitationAction = 'created' | 'resent' | 'revoked' | 'accepted' | 'declined';

/**
 * Logs the invitation's current sync view (entity `invitation`) and writes its audit event, in the
 * caller's transaction scoped to the invitation's org.
 */
export async function recordInvitation(
  c: TxContext,
  input: { orgId: string; id: string; action: InvitationAction; before: Invitation | null },
): Promise<Invitation> {
  const view = await loadInvitationView(c, input.orgId, input.id);
  if (!view) throw new AppError('internal', 'The invitation could not be read back');
  await recordChange(c, { orgId: input.orgId, entity: 'invitation', entityId: view.id, op: 'upsert', data: view });
  await recordAudit(c, {
    orgId: input.orgId,
    actor: c.userId,
    action: `invitation.${input.action}`,
    targetType: 'invitation',
    targetId: view.id,
    targetLabel: view.email,
    before: input.before ? auditFields(input.before) : null,
    after: auditFields(view),
  });
  return view;
}

function auditFields(view: Invitation): Record<string, unknown> {
  return { email: view.email, name: view.name, roleId: view.roleId, status: view.status, expiresAt: view.expiresAt };
}

/** The org row in the current scope; locked when `lock` (seat counting serializes on it). */
export async function readOrgRow(c: TxContext, orgId: string, lock = false): Promise<OrganizationRow> {
  const query = c.tx.select().from(organizations).where(eq(organizations.id, orgId)).$dynamic();
  const [row] = await (lock ? query.for('update') : query);
  if (!row) throw new AppError('not_found', 'Organization not found');
  return row;
}

export async function readRole(c: TxContext, orgId: string, roleId: string): Promise<RoleRow | null> {
  const [row] = await c.tx
    .select()
    .from(roles)
    .where(and(eq(roles.orgId, orgId), eq(roles.id, roleId)));
  return row ?? null;
}

/** A user's display name as this scope may see it (the caller, or someone in the current org). */
export async function userName(c: TxContext, userId: string): Promise<string> {
  const [row] = await c.tx.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return row?.name ?? formerMemberName;
}

/** When a new token made now stops working. */
export function expiryFrom(now: Date): Date {
  return new Date(now.getTime() + invitationTtlMs);
}

export const touched = () => sql`now()`;
