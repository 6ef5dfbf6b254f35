import { and, asc, eq, gt } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Invitation } from '@shared/schemas/people';
import { invitations, users } from '../../db/schema';
import type { InvitationRow } from '../../db/schema';
import type { TxContext } from '../../db/tx';

/** Every column request code may read (botdesk_app has no SELECT on token_hash). */
export const invitationColumns = {
  orgId: invitations.orgId,
  id: invitations.id,
  email: invitations.email,
  name: invitations.name,
  roleId: invitations.roleId,
  invitedBy: invitations.invitedBy,
  status: invitations.status,
  expiresAt: invitations.expiresAt,
  acceptedBy: invitations.acceptedBy,
  createdAt: invitations.createdAt,
  updatedAt: invitations.updatedAt,
};

/** Shown when the inviter's account is no longer visible in the org (they left). */
export const formerMemberName = 'A former member';

/** The sync view of an invitation: never its token or hash. */
export function invitationSyncView(row: InvitationRow, inviterName: string): Invitation {
  return {
    id: row.id,
    orgId: row.orgId,
    email: row.email,
    name: row.name,
    roleId: row.roleId,
    invitedBy: row.invitedBy,
    inviterName,
    status: row.status,
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Invitation views of one org matching `where`, ordered by id. */
export async function selectInvitationViews(
  c: TxContext,
  orgId: string,
  where?: SQL,
  limit?: number,
): Promise<Invitation[]> {
  const query = c.tx
    .select({ row: invitationColumns, inviterName: users.name })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(and(eq(invitations.orgId, orgId), where))
    .orderBy(asc(invitations.id))
    .$dynamic();
  const rows = await (limit === undefined ? query : query.limit(limit));
  return rows.map((r) => invitationSyncView(r.row, r.inviterName ?? formerMemberName));
}

/** One page of an org's invitations as sync views, after `afterId` (snapshot reads). */
export function loadInvitationViews(
  c: TxContext,
  orgId: string,
  afterId: string | null,
  limit: number,
): Promise<Invitation[]> {
  return selectInvitationViews(c, orgId, afterId === null ? undefined : gt(invitations.id, afterId), limit);
}

/** The view of one invitation, or null. */
export async function loadInvitationView(c: TxContext, orgId: string, id: string): Promise<Invitation | null> {
  const [view] = await selectInvitationViews(c, orgId, eq(invitations.id, id));
  return view ?? null;
}
