import type { ApiKeyListItem } from '@shared/ipc-api-keys';
import { activeKeyCreators, listApiKeys } from '../db/api-key-queries';
import type { LocalDb } from '../db/connection';
import { requireReady } from './orgs';

/** The org's API keys on this device, each flagged when no active member created it any more. */
export function apiKeysOf(db: LocalDb, orgId: string): ApiKeyListItem[] {
  requireReady(db, orgId);
  const active = activeKeyCreators(db, orgId);
  return listApiKeys(db, orgId).map((key) => ({ ...key, creatorLeft: !active.has(key.createdBy) }));
}
