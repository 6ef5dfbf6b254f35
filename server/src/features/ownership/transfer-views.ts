import { and, asc, eq, gt } from 'drizzle-orm';
import type { OwnershipTransfer } from '@shared/schemas/people';
import { ownershipTransfers } from '../../db/schema';
import type { OwnershipTransferRow } from '../../db/schema';
import type { TxContext } from '../../db/tx';

/** The transfer as every member with org.read stores it. */
export function ownershipTransferView(row: OwnershipTransferRow): OwnershipTransfer {
  return {
    id: row.id,
    orgId: row.orgId,
    fromMemberId: row.fromMemberId,
    toMemberId: row.toMemberId,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Snapshot page of transfers in id order. */
export async function loadOwnershipTransferViews(
  c: TxContext,
  orgId: string,
  afterId: string | null,
  limit: number,
): Promise<OwnershipTransfer[]> {
  const rows = await c.tx
    .select()
    .from(ownershipTransfers)
    .where(and(eq(ownershipTransfers.orgId, orgId), afterId === null ? undefined : gt(ownershipTransfers.id, afterId)))
    .orderBy(asc(ownershipTransfers.id))
    .limit(limit);
  return rows.map(ownershipTransferView);
}
