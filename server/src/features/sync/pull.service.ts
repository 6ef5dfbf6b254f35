import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import { AppError } from '@shared/errors';
import { changeSchema } from '@shared/schemas/sync';
import type { Change, OrgPull, PullBody, PullResult, ResetReason } from '@shared/schemas/sync';
import type { Database } from '../../db/client';
import { orgChanges } from '../../db/schema';
import { queryRows, switchOrg, withTx } from '../../db/tx';
import type { TxContext } from '../../db/tx';
import { listMyMemberships, requireMember } from '../orgs/membership';
import type { MemberGrant } from '../orgs/membership';
import { requireProtocol } from './push.service';
import { servePage } from './read-filter';

export const defaultPullLimit = 1000;

/** At most this many orgs per pull, so one request stays one short transaction. */
export const maxPullOrgs = 200;

/**
 * Serves each requested org's changes after its cursor (as the reader may see them) and the user's
 * current memberships, in one read transaction.
 */
export async function pullChanges(database: Database, userId: string, body: PullBody): Promise<PullResult> {
  requireProtocol(body.protocol);
  const cursors = Object.entries(body.cursors);
  if (cursors.length > maxPullOrgs) {
    throw new AppError('validation_failed', `Pull at most ${maxPullOrgs} organizations at once`);
  }
  const limit = body.limit ?? defaultPullLimit;
  return withTx(database, { userId, orgId: null }, async (c) => {
    const orgs: OrgPull[] = [];
    for (const [orgId, cursor] of cursors) {
      orgs.push(await pullOrg(await switchOrg(c, orgId), body.clientId, cursor, limit));
    }
    const memberships = await listMyMemberships(await switchOrg(c, null));
    return { orgs, memberships };
  });
}

type OrgState = { head: number; floor: number; grantVersion: number };

async function pullOrg(c: TxContext, clientId: string, cursor: number, limit: number): Promise<OrgPull> {
  const orgId = c.orgId ?? '';
  const grant = await activeGrant(c, orgId);
  const lastMutationId = grant ? await lastMutationIdOf(c, orgId, clientId) : 0;
  const empty = { orgId, changes: [], version: cursor, hasMore: false, lastMutationId };
  if (!grant) return { ...empty, lastMutationId: 0, reset: 'revoked' };
  const state = await orgState(c, orgId, grant);
  const reset = resetReason(cursor, state);
  if (reset) return { ...empty, version: state.head, reset };

  const rows = await c.tx
    .select()
    .from(orgChanges)
    .where(and(eq(orgChanges.orgId, orgId), gt(orgChanges.version, cursor), lte(orgChanges.version, state.head)))
    .orderBy(asc(orgChanges.version))
    .limit(limit + 1);
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit).map(toChange);
  const last = page.at(-1);
  const version = hasMore && last ? last.version : state.head;
  return { orgId, changes: servePage(grant, page), version, hasMore, lastMutationId, reset: null };
}

/** Why a cursor cannot be served, or null. The desktop re-bootstraps the org on any of these. */
export function resetReason(cursor: number, state: OrgState): ResetReason | null {
  if (cursor > state.head || cursor < state.floor) return 'too_old';
  if (state.grantVersion > cursor) return 'permissions_changed';
  return null;
}

async function activeGrant(c: TxContext, orgId: string): Promise<MemberGrant | null> {
  try {
    return await requireMember(c, orgId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  }
}

async function orgState(c: TxContext, orgId: string, grant: MemberGrant): Promise<OrgState> {
  const [row] = await queryRows<{
    head: string | number;
    floor: string | number | null;
    grant_version: string | number;
  }>(
    c.tx,
    sql`SELECT o.version AS head,
               (SELECT f.pruned_through FROM org_change_floors f WHERE f.org_id = o.id) AS floor,
               m.grant_version
        FROM organizations o JOIN memberships m ON m.org_id = o.id AND m.id = ${grant.memberId}
        WHERE o.id = ${orgId}`,
  );
  if (!row) throw new AppError('not_found', 'Organization not found');
  return { head: Number(row.head), floor: Number(row.floor ?? 0), grantVersion: Number(row.grant_version) };
}

async function lastMutationIdOf(c: TxContext, orgId: string, clientId: string): Promise<number> {
  const [row] = await queryRows<{ last: string | number }>(
    c.tx,
    sql`SELECT last_mutation_id AS last FROM sync_client_orgs
        WHERE org_id = ${orgId} AND user_id = ${c.userId} AND client_id = ${clientId}`,
  );
  return Number(row?.last ?? 0);
}

function toChange(row: typeof orgChanges.$inferSelect): Change {
  return changeSchema.parse({
    version: row.version,
    entity: row.entity,
    entityId: row.entityId,
    op: row.op,
    data: row.data,
  });
}
