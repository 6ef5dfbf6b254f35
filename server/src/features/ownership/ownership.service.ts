import { and, eq, or, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { AppError, assert } from '@shared/errors';
import type { OwnershipTransfer } from '@shared/schemas/people';
import { memberships, organizations, ownershipTransfers } from '../../db/schema';
import type { OwnershipTransferRow } from '../../db/schema';
import { switchOrg } from '../../db/tx';
import type { TxContext } from '../../db/tx';
import { recordAudit } from '../audit/audit.service';
import { recordChange, recordMembershipEvent } from '../sync/change-log';
import { requireMember } from '../orgs/membership';
import { orgSyncView } from '../orgs/sync-views';
import { builtInRole, loadTarget, writeMember } from '../members/member-store';
import { ownershipTransferView } from './transfer-views';

const transferNotFound = () => new AppError('not_found', 'Ownership transfer not found');

async function setStatus(
  c: TxContext,
  orgId: string,
  where: ReturnType<typeof and>,
  status: 'accepted' | 'cancelled',
): Promise<OwnershipTransferRow[]> {
  const rows = await c.tx
    .update(ownershipTransfers)
    .set({ status, updatedAt: sql`now()` })
    .where(and(eq(ownershipTransfers.orgId, orgId), eq(ownershipTransfers.status, 'pending'), where))
    .returning();
  for (const row of rows) {
    const data = ownershipTransferView(row);
    await recordChange(c, { orgId, entity: 'ownershipTransfer', entityId: row.id, op: 'upsert', data });
  }
  return rows;
}

/** Cancels the pending transfer that names this member (they are leaving, removed or deactivated). */
export async function cancelTransfersNaming(c: TxContext, orgId: string, memberId: string): Promise<void> {
  await setStatus(
    c,
    orgId,
    or(eq(ownershipTransfers.fromMemberId, memberId), eq(ownershipTransfers.toMemberId, memberId)),
    'cancelled',
  );
}

/**
 * Offers ownership to an active member (org.transfer_ownership); nothing changes until they accept.
 * One pending transfer per org: a new offer cancels the previous one.
 */
export async function startTransfer(c: TxContext, orgId: string, memberId: string): Promise<OwnershipTransfer> {
  const actor = await requireMember(c, orgId, 'org.transfer_ownership');
  if (memberId === actor.memberId)
    throw new AppError('validation_failed', 'Choose another member to transfer ownership to');
  const recipient = await loadTarget(c, orgId, memberId);
  if (recipient.membership.status !== 'active') {
    throw new AppError('validation_failed', `${recipient.view.name} is deactivated; reactivate them first`);
  }
  await setStatus(c, orgId, undefined, 'cancelled');
  const [row] = await c.tx
    .insert(ownershipTransfers)
    .values({ orgId, id: uuidv7(), fromMemberId: actor.memberId, toMemberId: memberId })
    .returning();
  assert(row, 'the transfer was inserted');
  const view = ownershipTransferView(row);
  await recordChange(c, { orgId, entity: 'ownershipTransfer', entityId: row.id, op: 'upsert', data: view });
  await recordAudit(c, {
    orgId,
    actor: actor.userId,
    action: 'ownership.transfer_started',
    targetType: 'member',
    targetId: memberId,
    targetLabel: recipient.view.name,
    before: null,
    after: { transferId: row.id, toMemberId: memberId },
  });
  return view;
}

async function pendingTransfer(c: TxContext, orgId: string, transferId: string): Promise<OwnershipTransferRow> {
  const [row] = await c.tx
    .select()
    .from(ownershipTransfers)
    .where(and(eq(ownershipTransfers.orgId, orgId), eq(ownershipTransfers.id, transferId)))
    .for('update');
  if (!row) throw transferNotFound();
  if (row.status !== 'pending') throw new AppError('conflict', `This ownership transfer was already ${row.status}`);
  return row;
}

/**
 * The recipient accepts: in this one transaction they get the owner role and organizations.owner_id,
 * and the previous owner becomes admin — never zero or two owners.
 */
export async function acceptTransfer(c: TxContext, orgId: string, transferId: string): Promise<void> {
  const actor = await requireMember(c, orgId);
  // The org row lock serializes this with every other write of the org (and a second accept).
  await c.tx.execute(sql`SELECT 1 FROM organizations WHERE id = ${orgId} FOR UPDATE`);
  const transfer = await pendingTransfer(c, orgId, transferId);
  if (transfer.toMemberId !== actor.memberId) {
    throw new AppError('forbidden', 'Only the member it was offered to can accept this transfer');
  }
  const from = await loadTarget(c, orgId, transfer.fromMemberId);
  assert(from.grant.key === 'owner', 'a pending transfer comes from the owner');
  const owner = await builtInRole(c, orgId, 'owner');
  const admin = await builtInRole(c, orgId, 'admin');
  await setStatus(c, orgId, eq(ownershipTransfers.id, transferId), 'accepted');
  await writeMember(c, orgId, from.membership.id, { roleId: admin.id });
  await writeMember(c, orgId, actor.memberId, { roleId: owner.id });
  const [org] = await c.tx
    .update(organizations)
    .set({ ownerId: actor.userId, updatedAt: sql`now()` })
    .where(eq(organizations.id, orgId))
    .returning();
  assert(org, 'the org exists');
  await recordChange(c, { orgId, entity: 'org', entityId: orgId, op: 'upsert', data: orgSyncView(org) });
  const owners = await c.tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.roleId, owner.id)));
  assert(owners.length === 1 && owners[0]?.id === actor.memberId, 'exactly one owner after a transfer');
  await recordMembershipEvent(c, { orgId, userId: from.membership.userId, change: 'changed' });
  await recordMembershipEvent(c, { orgId, userId: actor.userId, change: 'changed' });
  await recordAudit(c, {
    orgId,
    actor: actor.userId,
    action: 'ownership.transferred',
    targetType: 'org',
    targetId: orgId,
    targetLabel: org.name,
    before: { ownerId: from.membership.userId, ownerMemberId: from.membership.id },
    after: { ownerId: actor.userId, ownerMemberId: actor.memberId },
  });
}

/** Withdraws a pending transfer: by the owner (org.transfer_ownership), or declined by its recipient. */
export async function cancelTransfer(c: TxContext, orgId: string, transferId: string): Promise<void> {
  const actor = await requireMember(c, orgId);
  const transfer = await pendingTransfer(c, orgId, transferId);
  const isRecipient = transfer.toMemberId === actor.memberId;
  if (!isRecipient) await requireMember(c, orgId, 'org.transfer_ownership');
  await setStatus(c, orgId, eq(ownershipTransfers.id, transferId), 'cancelled');
  await recordAudit(c, {
    orgId,
    actor: actor.userId,
    action: isRecipient ? 'ownership.transfer_declined' : 'ownership.transfer_cancelled',
    targetType: 'member',
    targetId: transfer.toMemberId,
    targetLabel: (await loadTarget(c, orgId, transfer.toMemberId)).view.name,
    before: { transferId, status: 'pending' },
    after: { transferId, status: 'cancelled' },
  });
}

/**
 * The org of a transfer the caller is a party to (RLS lets parties see it by id alone), with the
 * transaction moved into that org; anything else answers not_found.
 */
export async function scopeToTransfer(c: TxContext, transferId: string): Promise<{ c: TxContext; orgId: string }> {
  const [row] = await c.tx
    .select({ orgId: ownershipTransfers.orgId })
    .from(ownershipTransfers)
    .where(eq(ownershipTransfers.id, transferId));
  if (!row) throw transferNotFound();
  return { c: await switchOrg(c, row.orgId), orgId: row.orgId };
}
