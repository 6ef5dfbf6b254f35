import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { AppError } from '@shared/errors';
import { assignableRoles } from '@shared/permissions';
import type { Invitation } from '@shared/schemas/people';
import { invitations, memberships, roles, users } from '../../db/schema';
import type { OrganizationRow, RoleRow } from '../../db/schema';
import type { TxContext } from '../../db/tx';
import { requireMember, roleGrant } from '../orgs/membership';
import { recordChange } from '../sync/change-log';
import type { MemberGrant } from '../orgs/membership';
import { expiryFrom, readOrgRow, readRole, recordInvitation, touched, userName } from './invitation-common';
import type { InvitationDeps } from './invitation-common';
import { hashInvitationToken, mintInvitationToken } from './invitation-token';
import { invitationColumns, loadInvitationView, selectInvitationViews } from './invitation-views';
import { invitationMail } from './invitations.mail';
import { requireFreeSeat } from './seats';

const notFound = () => new AppError('not_found', 'Invitation not found');

/** The org's pending invitations (expired ones included, so they can be resent), for members.invite. */
export async function listInvitations(c: TxContext, orgId: string): Promise<Invitation[]> {
  await requireMember(c, orgId, 'members.invite');
  return selectInvitationViews(c, orgId, eq(invitations.status, 'pending'));
}

/**
 * Invites an address (members.invite). Those who may assign roles choose one within their ceiling
 * (default role when omitted); those who may not always invite with the org's default role. An
 * existing member is a conflict; an older pending invitation of the address is revoked; the plan's
 * seats are enforced. The email goes out after commit.
 */
export async function createInvitation(
  c: TxContext,
  deps: InvitationDeps,
  orgId: string,
  input: { email: string; name?: string | undefined; roleId?: string | undefined },
): Promise<Invitation> {
  const grant = await requireMember(c, orgId, 'members.invite');
  const now = deps.now();
  const email = input.email.toLowerCase();
  const org = await readOrgRow(c, orgId, true);
  const role = await chooseRole(c, grant, org, input.roleId);
  await refuseMember(c, orgId, email);
  await requireFreeSeat(c, org, now, { email });

  const older = await c.tx
    .update(invitations)
    .set({ status: 'revoked', updatedAt: touched() })
    .where(and(eq(invitations.orgId, orgId), eq(invitations.email, email), eq(invitations.status, 'pending')))
    .returning({ id: invitations.id });
  for (const { id } of older) {
    const before = await loadInvitationView(c, orgId, id);
    await recordInvitation(c, { orgId, id, action: 'revoked', before: before && { ...before, status: 'pending' } });
  }

  const token = mintInvitationToken();
  const id = uuidv7();
  const expiresAt = expiryFrom(now);
  await c.tx.insert(invitations).values({
    orgId,
    id,
    email,
    name: input.name ?? null,
    roleId: role.id,
    invitedBy: grant.userId,
    tokenHash: hashInvitationToken(token),
    expiresAt,
  });
  const view = await recordInvitation(c, { orgId, id, action: 'created', before: null });
  await mailAfterCommit(c, deps, { org, role, email, token, expiresAt });
  return view;
}

/** A new token and expiry for a pending invitation; the old token stops working; mailed again. */
export async function resendInvitation(
  c: TxContext,
  deps: InvitationDeps,
  orgId: string,
  invitationId: string,
): Promise<Invitation> {
  await requireMember(c, orgId, 'members.invite');
  const now = deps.now();
  const org = await readOrgRow(c, orgId, true);
  const before = await requirePending(c, orgId, invitationId);
  // An expired invitation held no seat; bringing it back needs one.
  if (new Date(before.expiresAt) <= now) await requireFreeSeat(c, org, now, { invitationId });
  const token = mintInvitationToken();
  const expiresAt = expiryFrom(now);
  const [row] = await c.tx
    .update(invitations)
    .set({ tokenHash: hashInvitationToken(token), expiresAt, updatedAt: touched() })
    .where(and(eq(invitations.orgId, orgId), eq(invitations.id, invitationId), eq(invitations.status, 'pending')))
    .returning(invitationColumns);
  if (!row) throw notFound();
  const role = await readRole(c, orgId, row.roleId);
  if (!role) throw new AppError('internal', 'The invitation names a missing role');
  const view = await recordInvitation(c, { orgId, id: invitationId, action: 'resent', before });
  await mailAfterCommit(c, deps, { org, role, email: row.email, token, expiresAt });
  return view;
}

/** Revokes a pending invitation (members.invite); its token stops working at once. */
export async function revokeInvitation(c: TxContext, orgId: string, invitationId: string): Promise<void> {
  await requireMember(c, orgId, 'members.invite');
  await readOrgRow(c, orgId, true);
  const before = await requirePending(c, orgId, invitationId);
  const [row] = await c.tx
    .update(invitations)
    .set({ status: 'revoked', updatedAt: touched() })
    .where(and(eq(invitations.orgId, orgId), eq(invitations.id, invitationId), eq(invitations.status, 'pending')))
    .returning({ id: invitations.id });
  if (!row) throw notFound();
  await recordInvitation(c, { orgId, id: invitationId, action: 'revoked', before });
}

/**
 * Pending invitations holding a role move to another (a role being deleted moves them to the
 * default role, like its members). For the roles feature; logs each moved invitation.
 */
export async function moveInvitationsToRole(c: TxContext, orgId: string, fromRoleId: string, toRoleId: string) {
  const moved = await c.tx
    .update(invitations)
    .set({ roleId: toRoleId, updatedAt: touched() })
    .where(and(eq(invitations.orgId, orgId), eq(invitations.roleId, fromRoleId)))
    .returning({ id: invitations.id });
  for (const { id } of moved) {
    const view = await loadInvitationView(c, orgId, id);
    if (view) await recordChange(c, { orgId, entity: 'invitation', entityId: id, op: 'upsert', data: view });
  }
}

async function requirePending(c: TxContext, orgId: string, invitationId: string): Promise<Invitation> {
  const view = await loadInvitationView(c, orgId, invitationId);
  if (!view) throw notFound();
  if (view.status !== 'pending') throw new AppError('conflict', `This invitation was already ${view.status}`);
  return view;
}

/** The role an invitation gets: the requested one when the inviter may assign it, else the default. */
async function chooseRole(
  c: TxContext,
  grant: MemberGrant,
  org: OrganizationRow,
  requested: string | undefined,
): Promise<RoleRow> {
  const all = await c.tx.select().from(roles).where(eq(roles.orgId, org.id));
  const candidates = all.map((row) => ({ row, ...roleGrant(row) }));
  const assignable = assignableRoles(grant, candidates);
  if (requested === undefined) {
    const fallback = all.find((r) => r.id === org.defaultRoleId) ?? all.find((r) => r.key === 'viewer');
    if (!fallback) throw new AppError('internal', 'The organization has no default role');
    return fallback;
  }
  if (assignable.length === 0) {
    throw new AppError('forbidden', 'Your role cannot choose a role; leave it out to invite with the default role');
  }
  const wanted = all.find((r) => r.id === requested);
  if (!wanted) throw new AppError('validation_failed', 'That role does not exist in this organization');
  if (!assignable.some((r) => r.row.id === wanted.id)) {
    throw new AppError('forbidden', `Your role cannot invite people as ${wanted.name}`);
  }
  return wanted;
}

/** An address that already belongs to a member cannot be invited again. */
async function refuseMember(c: TxContext, orgId: string, email: string): Promise<void> {
  const [row] = await c.tx
    .select({ status: memberships.status })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), sql`lower(${users.email}) = ${email}`));
  if (!row) return;
  throw new AppError(
    'conflict',
    row.status === 'active'
      ? `${email} is already a member of this organization`
      : `${email} is a deactivated member of this organization; reactivate them instead`,
  );
}

async function mailAfterCommit(
  c: TxContext,
  deps: InvitationDeps,
  input: { org: OrganizationRow; role: RoleRow; email: string; token: string; expiresAt: Date },
): Promise<void> {
  const inviterName = c.userId ? await userName(c, c.userId) : 'Botdesk';
  const message = invitationMail({
    to: input.email,
    orgName: input.org.name,
    inviterName,
    roleName: input.role.name,
    token: input.token,
    expiresAt: input.expiresAt,
  });
  c.afterCommit(() => deps.mailer.send(message));
}
