import { PROTOCOL_VERSION, pullResultSchema } from '@shared/schemas/sync';
import type { OrgPull, PullResult } from '@shared/schemas/sync';
import { inTransaction } from '../db/connection';
import {
  applyChanges,
  clearOrgRows,
  clearOverlays,
  deleteConsumed,
  purgeOrg,
  requireBootstrap,
  setCursor,
  upsertMembership,
} from '../db/mutations';
import { getOrgSync, listOrgSync } from '../db/queries';
import type { SyncContext } from './context';
import { replayPending } from './local-mutators';

/** Pages per pull run; a longer backlog continues on the next run. */
const maxRounds = 50;

/**
 * Pulls every ready org's changes after its cursor, paging while the server has more, and learns the
 * user's current memberships: orgs added are recorded for bootstrap, orgs removed are purged.
 */
export async function pullAll(ctx: SyncContext): Promise<void> {
  for (let round = 0; round < maxRounds; round++) {
    const cursors = Object.fromEntries(
      listOrgSync(ctx.db)
        .filter((o) => o.state === 'ready')
        .map((o) => [o.orgId, o.cursor]),
    );
    const body = { clientId: ctx.clientId, protocol: PROTOCOL_VERSION, cursors };
    const result = await ctx.client.json('POST', '/v1/sync/pull', pullResultSchema, body);
    applyPull(ctx, result);
    if (!result.orgs.some((o) => o.hasMore && o.reset === null)) return;
  }
}

function applyPull(ctx: SyncContext, result: PullResult): void {
  const changed = new Set<string>();
  const removed: { orgId: string; name: string }[] = [];
  inTransaction(ctx.db, () => {
    const current = new Set(result.memberships.map((m) => m.org.id));
    for (const local of listOrgSync(ctx.db)) {
      if (!current.has(local.orgId)) removed.push({ orgId: local.orgId, name: local.membership.org.name });
    }
    for (const membership of result.memberships) {
      upsertMembership(ctx.db, membership);
      changed.add(membership.org.id);
    }
    for (const org of result.orgs) {
      const local = getOrgSync(ctx.db, org.orgId);
      if (org.reset === 'revoked') {
        if (local && !removed.some((r) => r.orgId === org.orgId)) {
          removed.push({ orgId: org.orgId, name: local.membership.org.name });
        }
      } else if (current.has(org.orgId)) {
        applyOrgPull(ctx, org);
        changed.add(org.orgId);
      }
    }
    for (const r of removed) purgeOrg(ctx.db, r.orgId);
  });
  for (const r of removed) {
    ctx.emit('notice', {
      level: 'warning',
      title: 'Organization removed',
      message: `You no longer have access to ${r.name}; its data was removed from this device.`,
      orgId: r.orgId,
    });
  }
  const orgIds = [...changed, ...removed.map((r) => r.orgId)];
  if (orgIds.length > 0)
    ctx.emit('data.changed', {
      orgIds,
      entities: ['org', 'role', 'member', 'invitation', 'auditEvent', 'ownershipTransfer', 'orgSync'],
    });
}

/** Reverts pending effects, applies the server's changes, drops what the server consumed, replays the rest. */
function applyOrgPull(ctx: SyncContext, org: OrgPull): void {
  if (org.reset !== null) {
    // too_old or permissions_changed: what this device holds may be wrong or too much; fetch it again.
    clearOrgRows(ctx.db, org.orgId);
    requireBootstrap(ctx.db, org.orgId);
    return;
  }
  clearOverlays(ctx.db, org.orgId);
  applyChanges(ctx.db, org.orgId, org.changes);
  deleteConsumed(ctx.db, org.orgId, org.lastMutationId);
  replayPending(ctx.db, org.orgId);
  setCursor(ctx.db, org.orgId, org.version);
}
