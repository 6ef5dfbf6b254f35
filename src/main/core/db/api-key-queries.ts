import type { ApiKey } from '@shared/schemas/automation';
import { cachedStatement } from './connection';
import type { LocalDb } from './connection';
import { parseEntity } from './entities';

/** The org's API keys as the user sees them (pending overlay first), newest first. */
export function listApiKeys(db: LocalDb, orgId: string): ApiKey[] {
  const rows = cachedStatement(db, 'SELECT data, local FROM api_keys WHERE org_id = ?').all(orgId) as {
    data: string | null;
    local: string | null;
  }[];
  return rows
    .map((r) => parseEntity('apiKey', JSON.parse(r.local ?? r.data ?? 'null')))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

/**
 * Which of the org's key creators are active members now: one pass over the org's members,
 * restricted to the creators (members has no user_id index; the org prefix of its key bounds the scan).
 */
export function activeKeyCreators(db: LocalDb, orgId: string): Set<string> {
  const rows = cachedStatement(
    db,
    `SELECT DISTINCT m.user_id AS userId FROM members m
     WHERE m.org_id = ? AND m.user_id IN (SELECT k.created_by FROM api_keys k WHERE k.org_id = ?)
       AND json_extract(coalesce(m.local, m.data), '$.status') = 'active'`,
  ).all(orgId, orgId) as { userId: string }[];
  return new Set(rows.map((r) => r.userId));
}
