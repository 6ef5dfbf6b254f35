import { and, desc, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { AppError } from '@shared/errors';
import { can } from '@shared/permissions';
import type { Permission } from '@shared/permissions';
import type { ApiKey, CreateApiKeyBody, CreatedApiKey } from '@shared/schemas/automation';
import { apiKeys } from '../../db/schema';
import type { TxContext } from '../../db/tx';
import { recordAudit } from '../audit/audit.service';
import { userName } from '../invitations/invitation-common';
import { requireMember } from '../orgs/membership';
import type { MemberGrant } from '../orgs/membership';
import { recordChange } from '../sync/change-log';
import { mintApiKey } from './api-key-format';
import { apiKeyColumns, apiKeySyncView } from './api-key-views';

const notFound = () => new AppError('not_found', 'API key not found');

/** Every key of the org, revoked ones included, newest first (api_keys.read). */
export async function listApiKeys(c: TxContext, orgId: string): Promise<ApiKey[]> {
  await requireMember(c, orgId, 'api_keys.read');
  const rows = await c.tx
    .select(apiKeyColumns)
    .from(apiKeys)
    .where(eq(apiKeys.orgId, orgId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  return rows.map(apiKeySyncView);
}

/**
 * Creates a key of the org (api_keys.manage) with scopes the creator holds themselves. Answers the
 * key and its secret, which exists nowhere else: only its SHA-256 is stored.
 */
export async function createApiKey(c: TxContext, orgId: string, input: CreateApiKeyBody): Promise<CreatedApiKey> {
  const grant = await requireMember(c, orgId, 'api_keys.manage');
  const scopes = [...new Set(input.scopes)];
  refuseScopesBeyond(grant, scopes);
  const { secret, hash, prefix } = mintApiKey(input.type);
  const id = uuidv7();
  const [row] = await c.tx
    .insert(apiKeys)
    .values({
      orgId,
      id,
      name: input.name,
      type: input.type,
      prefix,
      keyHash: hash,
      scopes,
      createdBy: grant.userId,
      createdByName: await userName(c, grant.userId),
    })
    .returning(apiKeyColumns);
  if (!row) throw new AppError('internal', 'The API key could not be written');
  const view = apiKeySyncView(row);
  await recordApiKey(c, view, 'created', null);
  return { apiKey: view, secret };
}

/**
 * Revokes a key (api_keys.manage): permanent, and refused on the very next request in every server
 * process. Revoking a revoked key changes nothing and succeeds (the first revocation time stays).
 */
export async function revokeApiKey(c: TxContext, orgId: string, keyId: string): Promise<void> {
  await requireMember(c, orgId, 'api_keys.manage');
  const [before] = await c.tx
    .select(apiKeyColumns)
    .from(apiKeys)
    .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, keyId)))
    .for('update');
  if (!before) throw notFound();
  if (before.revokedAt !== null) return;
  const [row] = await c.tx
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, keyId)))
    .returning(apiKeyColumns);
  if (!row) throw notFound();
  await recordApiKey(c, apiKeySyncView(row), 'revoked', apiKeySyncView(before));
}

/** A key may carry only permissions its creator has in the org. */
function refuseScopesBeyond(grant: MemberGrant, scopes: Permission[]): void {
  const beyond = scopes.filter((scope) => !can(grant, scope));
  if (beyond.length === 0) return;
  throw new AppError(
    'forbidden',
    `A key can only get permissions you have yourself; your role lacks ${beyond.join(', ')}`,
  );
}

/** Logs the key's sync view (entity `apiKey`) and its audit event, in the caller's transaction. */
async function recordApiKey(
  c: TxContext,
  view: ApiKey,
  action: 'created' | 'revoked',
  before: ApiKey | null,
): Promise<void> {
  await recordChange(c, { orgId: view.orgId, entity: 'apiKey', entityId: view.id, op: 'upsert', data: view });
  await recordAudit(c, {
    orgId: view.orgId,
    actor: c.userId,
    action: `api_key.${action}`,
    targetType: 'apiKey',
    targetId: view.id,
    targetLabel: view.name,
    before: before && auditFields(before),
    after: auditFields(view),
  });
}

function auditFields(view: ApiKey): Record<string, unknown> {
  return { name: view.name, type: view.type, prefix: view.prefix, scopes: view.scopes, revokedAt: view.revokedAt };
}
