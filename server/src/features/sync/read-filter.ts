import { can } from '@shared/permissions';
import type { MembershipGrant, Permission } from '@shared/permissions';
import type { Change, SyncEntity } from '@shared/schemas/sync';

/**
 * The permission a member needs to receive each entity through pull, snapshot and live signals.
 * Entities still to come map the same way: API keys → api_keys.read, invitations → members.invite,
 * audit events → audit.read, billing → billing.read. `satisfies` makes a new sync entity fail to
 * compile until it is given a permission here.
 */
export const readPermissionByEntity = {
  org: 'org.read',
  role: 'org.read',
  member: 'members.read',
  invitation: 'members.invite',
  auditEvent: 'audit.read',
  ownershipTransfer: 'org.read',
  apiKey: 'api_keys.read',
  bot: 'bots.read',
  runner: 'bots.read',
  trigger: 'triggers.read',
  run: 'runs.read',
  creditAccount: 'usage.read',
  usageDay: 'usage.read',
  alertRule: 'usage.read',
  alertEvent: 'usage.read',
} as const satisfies Record<SyncEntity, Permission>;

/** Whether this membership may receive rows of this entity. */
export function canReadEntity(grant: MembershipGrant | null, entity: SyncEntity): boolean {
  return can(grant, readPermissionByEntity[entity]);
}

/** The entities this membership may receive, in the given order. */
export function readableEntities(grant: MembershipGrant | null, entities: readonly SyncEntity[]): SyncEntity[] {
  return entities.filter((entity) => canReadEntity(grant, entity));
}

/**
 * Keeps only the latest change per (entity, entityId), in version order: a desktop applying the page
 * reaches the same state as applying every change, with less work.
 */
export function coalesceChanges(changes: readonly Change[]): Change[] {
  const latest = new Map<string, Change>();
  for (const change of changes) {
    const key = `${change.entity}\u0000${change.entityId}`;
    const seen = latest.get(key);
    if (!seen || seen.version < change.version) latest.set(key, change);
  }
  return [...latest.values()].sort((a, b) => a.version - b.version);
}

/** The changes of a page this membership may read, coalesced. */
export function servePage(grant: MembershipGrant | null, changes: readonly Change[]): Change[] {
  return coalesceChanges(changes.filter((change) => canReadEntity(grant, change.entity)));
}
