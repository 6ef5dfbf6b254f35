import { and, eq, gt, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { AppError } from '@shared/errors';
import type { Org } from '@shared/schemas/org';
import type { InvitationPreview } from '@shared/schemas/people';
import { invitations, memberships, organizations, users } from '../../db/schema';
import type { InvitationRow } from '../../db/schema';
import { queryRows, switchOrg } from '../../db/tx';
import type { TxContext } from '../../db/tx';
import { loadMemberView, orgSyncView } from '../orgs/sync-views';
import { recordChange, recordMembershipEvent } from '../sync/change-log';
import { invitationInvalid, readOrgRow, readRole, recordInvitation, touched, userName } from './invitation-common';
import type { InvitationDeps } from './invitation-common';
import { hashInvitationToken, parseInvitationToken } from './invitation-token';
import { invitationColumns, loadInvitationView } from './invitation-views';
import { planOf } from '@shared/plans';

type Found = { c: TxContext; row: InvitationRow };

/**
 * Resolves a token to its invitation while it is still acceptable (pending, not expired, org
 * active), and moves the transaction into that org's scope. Anything else is invitation_invalid.
 * The token names the org: the caller has no org scope before this.
 */
async function findLiveInvitation(c: TxContext, rawToken: string, now: Date): Promise<Found> {
  const token = parseInvitationToken(rawToken);
  if (!token) throw invitationInvalid();
  // SECURITY DEFINER (0004_invitations.sql): the hash is matched across orgs RLS hides from us.
  const [key] = await queryRows<{ org_id: string; id: string }>(
    c.tx,
    sql`SELECT org_id, id FROM botdesk_invitation_by_token(${hashInvitationToken(token)})`,
  );
  if (!key) throw invitationInvalid();
  const scoped = await switchOrg(c, key.org_id);
  const [row] = await scoped.tx
    .select(invitationColumns)
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .where(and(eq(invitations.orgId, key.org_id), eq(invitations.id, key.id), eq(organizations.status, 'active')));
  if (!row || row.status !== 'pending' || row.expiresAt <= now) throw invitationInvalid();
  return { c: scoped, row };
}

/** What an invitation offers, for whoever holds its token (no session needed). */
export async function lookupInvitation(c: TxContext, deps: InvitationDeps, token: string): Promise<InvitationPreview> {
  const { c: scoped, row } = await findLiveInvitation(c, token, deps.now());
  const org = await readOrgRow(scoped, row.orgId);
  const role = await readRole(scoped, row.orgId, row.roleId);
  return {
    orgName: org.name,
    orgSlug: org.slug,
    inviterName: await userName(scoped, row.invitedBy),
    roleName: role?.name ?? 'Member',
    email: row.email,
    expiresAt: row.expiresAt.toISOString(),
  };
}

/** The signed-in caller's email; a different address than the invitation's is refused and it stays pending. */
async function requireInvitee(c: TxContext, row: InvitationRow): Promise<string> {
  if (!c.userId) throw new AppError('unauthenticated', 'Sign in to continue');
  const [me] = await c.tx.select({ email: users.email }).from(users).where(eq(users.id, c.userId));
  if (!me || me.email.toLowerCase() !== row.email) {
    throw new AppError('forbidden', `This invitation is for ${row.email}`);
  }
  return c.userId;
}

/**
 * Joins the org with the invitation's role (single use: of concurrent accepts only the one whose
 * conditional update finds the row still pending goes on), marks the email verified, and logs the
 * invitation, the new member and the org, plus the membership event so the user's desktops learn of
 * the org. Answers the org joined.
 */
export async function acceptInvitation(c: TxContext, deps: InvitationDeps, token: string): Promise<Org> {
  const now = deps.now();
  const { c: scoped, row } = await findLiveInvitation(c, token, now);
  const userId = await requireInvitee(scoped, row);
  // Org row first, then the invitation: the same lock order as invite, resend and revoke.
  const org = await readOrgRow(scoped, row.orgId, true);
  const before = await loadInvitationView(scoped, row.orgId, row.id);
  const [claimed] = await scoped.tx
    .update(invitations)
    .set({ status: 'accepted', acceptedBy: userId, updatedAt: touched() })
    .where(
      and(
        eq(invitations.orgId, row.orgId),
        eq(invitations.id, row.id),
        eq(invitations.status, 'pending'),
        gt(invitations.expiresAt, now),
      ),
    )
    .returning({ roleId: invitations.roleId });
  // A concurrent accept, revoke or resend got there first (it held the row lock; we re-checked after it).
  if (!claimed) throw invitationInvalid();

  const memberId = await joinOrg(scoped, { orgId: org.id, plan: org.plan, userId, roleId: claimed.roleId });
  await scoped.tx.execute(sql`SELECT botdesk_verify_invited_email(${row.orgId}, ${row.id})`);

  await recordInvitation(scoped, { orgId: row.orgId, id: row.id, action: 'accepted', before });
  const member = await loadMemberView(scoped, org.id, memberId);
  if (!member) throw new AppError('internal', 'The new membership could not be read back');
  await recordChange(scoped, { orgId: org.id, entity: 'member', entityId: memberId, op: 'upsert', data: member });
  const view = orgSyncView(await readOrgRow(scoped, org.id));
  await recordChange(scoped, { orgId: org.id, entity: 'org', entityId: org.id, op: 'upsert', data: view });
  await recordMembershipEvent(scoped, { orgId: org.id, userId, change: 'added' });
  await switchOrg(c, c.orgId);
  return view;
}

/** Inserts the membership, unless the user already belongs (or a seat is no longer free). */
async function joinOrg(
  c: TxContext,
  input: { orgId: string; plan: Org['plan']; userId: string; roleId: string },
): Promise<string> {
  const [existing] = await c.tx
    .select({ status: memberships.status })
    .from(memberships)
    .where(and(eq(memberships.orgId, input.orgId), eq(memberships.userId, input.userId)));
  if (existing) {
    throw new AppError(
      'conflict',
      existing.status === 'active'
        ? 'You are already a member of this organization'
        : 'Your membership of this organization is deactivated; ask an admin to reactivate it',
    );
  }
  // The invitation held a seat, but members may have been reactivated since it was sent.
  const seats = planOf(input.plan).seats;
  if (seats !== null) {
    const active = await c.tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.orgId, input.orgId), eq(memberships.status, 'active')));
    if (active.length >= seats) {
      throw new AppError('limit_reached', 'This organization has no free seat; ask its admin to free one or upgrade');
    }
  }
  const id = uuidv7();
  await c.tx.insert(memberships).values({ orgId: input.orgId, id, userId: input.userId, roleId: input.roleId });
  return id;
}

/** Declines an invitation for the signed-in invitee; the token stops working. */
export async function declineInvitation(c: TxContext, deps: InvitationDeps, token: string): Promise<void> {
  const now = deps.now();
  const { c: scoped, row } = await findLiveInvitation(c, token, now);
  await requireInvitee(scoped, row);
  await readOrgRow(scoped, row.orgId, true);
  const before = await loadInvitationView(scoped, row.orgId, row.id);
  const [declined] = await scoped.tx
    .update(invitations)
    .set({ status: 'declined', updatedAt: touched() })
    .where(and(eq(invitations.orgId, row.orgId), eq(invitations.id, row.id), eq(invitations.status, 'pending')))
    .returning({ id: invitations.id });
  if (!declined) throw invitationInvalid();
  await recordInvitation(scoped, { orgId: row.orgId, id: row.id, action: 'declined', before });
  await switchOrg(c, c.orgId);
}
