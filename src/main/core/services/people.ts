import type { z } from 'zod';
import { permissionDescriptions, permissionGroups } from '@shared/permissions';
import type { Invitation, OwnershipTransfer, permissionCatalogueSchema } from '@shared/schemas/people';
import type { LocalDb } from '../db/connection';
import { listPendingInvitations, listPendingTransfers } from '../db/queries';
import { requireReady } from './orgs';

/** Pending, unexpired invitations of an org on this device, newest first. */
export function pendingInvitations(db: LocalDb, orgId: string): Invitation[] {
  requireReady(db, orgId);
  const now = new Date().toISOString();
  return listPendingInvitations(db, orgId).filter((i) => i.expiresAt > now);
}

export function pendingTransfer(db: LocalDb, orgId: string): OwnershipTransfer | null {
  requireReady(db, orgId);
  return listPendingTransfers(db, orgId)[0] ?? null;
}

/** The catalogue as `GET /v1/permissions` serves it, built from the shared data (no network). */
export function permissionCatalogue(): z.infer<typeof permissionCatalogueSchema> {
  return {
    groups: permissionGroups.map((g) => ({
      key: g.key,
      name: g.name,
      permissions: g.permissions.map((key) => ({ key, description: permissionDescriptions[key] })),
    })),
  };
}
