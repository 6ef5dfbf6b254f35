import { and, asc, eq, gt } from 'drizzle-orm';
import type { ApiKey } from '@shared/schemas/automation';
import { apiKeys } from '../../db/schema';
import type { ApiKeyRow } from '../../db/schema';
import type { TxContext } from '../../db/tx';
import { rolePermissions } from '../orgs/sync-views';

/** Every column request code may read (botdesk_app has no SELECT on key_hash). */
export const apiKeyColumns = {
  orgId: apiKeys.orgId,
  id: apiKeys.id,
  name: apiKeys.name,
  type: apiKeys.type,
  prefix: apiKeys.prefix,
  scopes: apiKeys.scopes,
  createdBy: apiKeys.createdBy,
  createdByName: apiKeys.createdByName,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

/** The API key as desktops with api_keys.read store it: never the secret or its hash. */
export function apiKeySyncView(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    orgId: row.orgId,
    name: row.name,
    type: row.type,
    prefix: row.prefix,
    scopes: rolePermissions({ permissions: row.scopes }),
    createdBy: row.createdBy,
    createdByName: row.createdByName,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt ? row.lastUsedAt.toISOString() : null,
    revokedAt: row.revokedAt ? row.revokedAt.toISOString() : null,
  };
}

/** Snapshot page of API keys in id order. */
export async function loadApiKeyViews(
  c: TxContext,
  orgId: string,
  afterId: string | null,
  limit: number,
): Promise<ApiKey[]> {
  const rows = await c.tx
    .select(apiKeyColumns)
    .from(apiKeys)
    .where(and(eq(apiKeys.orgId, orgId), afterId === null ? undefined : gt(apiKeys.id, afterId)))
    .orderBy(asc(apiKeys.id))
    .limit(limit);
  return rows.map(apiKeySyncView);
}
