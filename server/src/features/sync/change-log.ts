import { and, eq, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { AppError } from '@shared/errors';
import type { SyncEntity } from '@shared/schemas/sync';
import { memberships } from '../../db/schema';
import { queryRows } from '../../db/tx';
import type { Tx, TxContext } from '../../db/tx';

/** NOTIFY channel of committed org changes; payload `{orgId, version}`, one per org per transaction (sent at commit by a trigger, see 0002_sync.sql). */
export const orgChangesChannel = 'botdesk_org_changes';
/** NOTIFY channel of membership events; payload `{orgId, userId, change}`. */
export const membershipChannel = 'botdesk_membership';

export type ChangeInput = {
  orgId: string;
  entity: SyncEntity;
  entityId: string;
  op: 'upsert' | 'delete';
  /** The entity's sync view (never secrets or hashes); null for a delete. */
  data: Record<string, unknown> | null;
};

export type MembershipChange = 'added' | 'removed' | 'changed';
export type MembershipEvent = { orgId: string; userId: string; change: MembershipChange };

// The version each org reached in a transaction, so a membership event in the same transaction can
// reuse it instead of bumping again. Keyed by the drizzle transaction object (a savepoint is its own key).
const versionsByTx = new WeakMap<Tx, Map<string, number>>();

function headSetting(orgId: string): string {
  return `botdesk.head_${orgId.replaceAll('-', '')}`;
}

/**
 * Bumps the org's version. One org's writers serialize on this row lock until commit, so versions
 * commit in order. The new version is also kept in a transaction-local setting that the commit-time
 * NOTIFY trigger reads (0002_sync.sql); `noticed` is referenced so that it is evaluated.
 */
function bumpStatement(orgId: string): SQL {
  return sql`UPDATE organizations SET version = version + 1 WHERE id = ${orgId}
    RETURNING version, set_config(${headSetting(orgId)}, version::text, true) AS noticed`;
}

function remember(c: TxContext, orgId: string, version: number): number {
  const versions = versionsByTx.get(c.tx) ?? new Map<string, number>();
  versions.set(orgId, version);
  versionsByTx.set(c.tx, versions);
  return version;
}

function scopeError(): AppError {
  return new AppError('internal', 'A change was recorded outside its organization scope');
}

async function bumpVersion(c: TxContext, orgId: string): Promise<number> {
  const [row] = await queryRows<{ version: string | number }>(c.tx, bumpStatement(orgId));
  if (!row) throw scopeError();
  return remember(c, orgId, Number(row.version));
}

/**
 * Appends one change to the org's log in the caller's transaction and returns its version. The org's
 * version is bumped; desktops are poked once per org after the transaction commits.
 */
export async function recordChange(c: TxContext, change: ChangeInput): Promise<number> {
  if ((change.op === 'delete') !== (change.data === null)) {
    throw new AppError('internal', 'A delete carries no data and an upsert carries its sync view');
  }
  // One statement (one round trip) per change: writers hold the org row lock meanwhile.
  const data = change.data === null ? null : JSON.stringify(change.data);
  const [row] = await queryRows<{ version: string | number }>(
    c.tx,
    sql`WITH bumped AS (${bumpStatement(change.orgId)})
        INSERT INTO org_changes (org_id, version, entity, entity_id, op, data)
        SELECT ${change.orgId}, version, ${change.entity}, ${change.entityId}, ${change.op}, ${data}::jsonb
        FROM bumped WHERE noticed IS NOT NULL
        RETURNING version`,
  );
  if (!row) throw scopeError();
  return remember(c, change.orgId, Number(row.version));
}

/**
 * Appends several changes of one org in one statement (one round trip while the org's version row
 * is locked): versions follow the order given, as if recordChange were called for each in turn.
 */
export async function recordChanges(c: TxContext, orgId: string, changes: readonly ChangeInput[]): Promise<void> {
  if (changes.length === 0) return;
  if (changes.length === 1 && changes[0]) {
    await recordChange(c, changes[0]);
    return;
  }
  const rows = changes.map((change, i) => {
    if (change.orgId !== orgId) throw scopeError();
    if ((change.op === 'delete') !== (change.data === null)) {
      throw new AppError('internal', 'A delete carries no data and an upsert carries its sync view');
    }
    const data = change.data === null ? null : JSON.stringify(change.data);
    return sql`(${i + 1}::int, ${change.entity}, ${change.entityId}, ${change.op}, ${data}::jsonb)`;
  });
  const count = changes.length;
  const bump = sql`UPDATE organizations SET version = version + ${count} WHERE id = ${orgId}
    RETURNING version, set_config(${headSetting(orgId)}, version::text, true) AS noticed`;
  const inserted = await queryRows<{ version: string | number }>(
    c.tx,
    sql`WITH bumped AS (${bump})
        INSERT INTO org_changes (org_id, version, entity, entity_id, op, data)
        SELECT ${orgId}, b.version - ${count} + c.ord, c.entity, c.entity_id, c.op, c.data
        FROM bumped b, (VALUES ${sql.join(rows, sql`, `)}) AS c (ord, entity, entity_id, op, data)
        WHERE b.noticed IS NOT NULL
        RETURNING version`,
  );
  if (inserted.length !== count) throw scopeError();
  remember(c, orgId, Math.max(...inserted.map((r) => Number(r.version))));
}

/**
 * Tells the user's live streams that their membership of an org changed (NOTIFY, delivered on
 * commit). An added or changed membership also records the version of the new grant, so the user's
 * next pull of that org from an older cursor answers `permissions_changed`; a removal needs no mark
 * because pull checks the current membership and answers `revoked`.
 */
export async function recordMembershipEvent(c: TxContext, event: MembershipEvent): Promise<void> {
  if (event.change !== 'removed') {
    const version = await grantVersion(c, event.orgId);
    await c.tx
      .update(memberships)
      .set({ grantVersion: version })
      .where(and(eq(memberships.orgId, event.orgId), eq(memberships.userId, event.userId)));
  }
  await notifyMembership(c, event);
}

/**
 * A role's permissions changed: every member holding it gets a `changed` membership event and their
 * next pull of the org from an older cursor answers `permissions_changed`.
 */
export async function recordRoleGrantChange(c: TxContext, role: { orgId: string; roleId: string }): Promise<void> {
  const version = await grantVersion(c, role.orgId);
  const holders = await c.tx
    .update(memberships)
    .set({ grantVersion: version })
    .where(and(eq(memberships.orgId, role.orgId), eq(memberships.roleId, role.roleId)))
    .returning({ userId: memberships.userId });
  for (const { userId } of holders) await notifyMembership(c, { orgId: role.orgId, userId, change: 'changed' });
}

/** The version a grant change takes effect at: this transaction's, or a fresh one. */
async function grantVersion(c: TxContext, orgId: string): Promise<number> {
  return versionsByTx.get(c.tx)?.get(orgId) ?? bumpVersion(c, orgId);
}

async function notifyMembership(c: TxContext, event: MembershipEvent): Promise<void> {
  await c.tx.execute(sql`SELECT pg_notify(${membershipChannel}, ${JSON.stringify(event)})`);
}
