import { and, asc, count, desc, eq, gte, lt, lte, or } from 'drizzle-orm';
import { myMembershipSchema } from '@shared/schemas/org';
import type { Member, MyMembership, Org, Role } from '@shared/schemas/org';
import type { AuditEvent, Invitation, OwnershipTransfer } from '@shared/schemas/people';
import { userSchema } from '@shared/schemas/user';
import type { User } from '@shared/schemas/user';
import { cachedStatement } from './connection';
import type { LocalDb } from './connection';
import { parseEntity } from './entities';
import { auditEvents, invitations, members, meta, orgSync, outbox, ownershipTransfers, roles } from './schema';

export type MetaRow = { clientId: string; nextMutationId: number; serverUrl: string | null; user: User | null };

export type OrgSyncRow = {
  orgId: string;
  cursor: number;
  state: 'bootstrapping' | 'ready';
  progress: number;
  bootstrapVersion: number | null;
  membership: MyMembership;
};

export type OutboxRow = { id: number; orgId: string; name: string; args: unknown; createdAt: string; pushed: boolean };

export function getMeta(db: LocalDb): MetaRow {
  const row = db.orm.select().from(meta).where(eq(meta.id, 1)).get();
  if (!row) throw new Error('Invariant failed: meta row is created at open');
  const user = row.user ? userSchema.safeParse(JSON.parse(row.user)) : null;
  return {
    clientId: row.clientId,
    nextMutationId: row.nextMutationId,
    serverUrl: row.serverUrl,
    user: user?.success ? user.data : null,
  };
}

export function listOrgSync(db: LocalDb): OrgSyncRow[] {
  return db.orm.select().from(orgSync).all().map(toOrgSyncRow);
}

export function getOrgSync(db: LocalDb, orgId: string): OrgSyncRow | null {
  const row = cachedStatement(
    db,
    `SELECT org_id AS orgId, cursor, state, progress, bootstrap_version AS bootstrapVersion, membership
     FROM org_sync WHERE org_id = ?`,
  ).get(orgId) as typeof orgSync.$inferSelect | undefined;
  return row ? toOrgSyncRow(row) : null;
}

function toOrgSyncRow(row: typeof orgSync.$inferSelect): OrgSyncRow {
  return { ...row, membership: parseMembership(row.membership) };
}

/**
 * Remembers the last few values parsed from stored JSON, keyed by the exact text: the same text
 * always validates to the same value, and the membership and org are read several times per
 * mutation and per pull. Cached values are frozen because every caller shares them.
 */
function memoizedParse<T>(parse: (json: string) => T, size = 64): (json: string) => T {
  const cache = new Map<string, T>();
  return (json) => {
    const hit = cache.get(json);
    if (hit !== undefined) return hit;
    const value = deepFreeze(parse(json));
    if (cache.size >= size) cache.delete(cache.keys().next().value ?? '');
    cache.set(json, value);
    return value;
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

const parseMembership = memoizedParse((json) => myMembershipSchema.parse(JSON.parse(json)));
const parseOrg = memoizedParse((json) => parseEntity('org', JSON.parse(json)));

/** The organization as the user sees it: the pending overlay when there is one, else the server's row. */
export function visibleOrg(db: LocalDb, orgId: string): Org | null {
  const row = cachedStatement(db, 'SELECT data, local FROM orgs WHERE id = ?').get(orgId) as
    { data: string | null; local: string | null } | undefined;
  const json = row?.local ?? row?.data;
  return json ? parseOrg(json) : null;
}

export function listRoles(db: LocalDb, orgId: string): Role[] {
  return db.orm
    .select({ data: roles.data, local: roles.local })
    .from(roles)
    .where(eq(roles.orgId, orgId))
    .orderBy(desc(roles.rank))
    .all()
    .map((r) => parseEntity('role', JSON.parse(r.local ?? r.data ?? 'null')));
}

export function listMembers(db: LocalDb, orgId: string): Member[] {
  return db.orm
    .select({ data: members.data, local: members.local })
    .from(members)
    .where(eq(members.orgId, orgId))
    .orderBy(asc(members.name))
    .all()
    .map((r) => parseEntity('member', JSON.parse(r.local ?? r.data ?? 'null')));
}

export function visibleMember(db: LocalDb, orgId: string, memberId: string): Member | null {
  const row = db.orm
    .select()
    .from(members)
    .where(and(eq(members.orgId, orgId), eq(members.id, memberId)))
    .get();
  const json = row?.local ?? row?.data;
  return json ? parseEntity('member', JSON.parse(json)) : null;
}

export function visibleRole(db: LocalDb, orgId: string, roleId: string): Role | null {
  const row = db.orm
    .select()
    .from(roles)
    .where(and(eq(roles.orgId, orgId), eq(roles.id, roleId)))
    .get();
  const json = row?.local ?? row?.data;
  return json ? parseEntity('role', JSON.parse(json)) : null;
}

/** Pending invitations of an org, newest first. */
export function listPendingInvitations(db: LocalDb, orgId: string): Invitation[] {
  return db.orm
    .select({ data: invitations.data, local: invitations.local })
    .from(invitations)
    .where(and(eq(invitations.orgId, orgId), eq(invitations.status, 'pending')))
    .all()
    .map((r) => parseEntity('invitation', JSON.parse(r.local ?? r.data ?? 'null')))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export function listPendingTransfers(db: LocalDb, orgId: string): OwnershipTransfer[] {
  return db.orm
    .select({ data: ownershipTransfers.data, local: ownershipTransfers.local })
    .from(ownershipTransfers)
    .where(and(eq(ownershipTransfers.orgId, orgId), eq(ownershipTransfers.status, 'pending')))
    .all()
    .map((r) => parseEntity('ownershipTransfer', JSON.parse(r.local ?? r.data ?? 'null')));
}

export type AuditQuery = {
  actorId?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Keyset cursor: events strictly older than this (at, id). */
  before?: { at: string; id: string } | undefined;
  limit: number;
};

/** Audit events newest first, filtered on indexed columns and paged by (at, id). */
export function listAuditEvents(db: LocalDb, orgId: string, q: AuditQuery): AuditEvent[] {
  const t = auditEvents;
  const conditions = [eq(t.orgId, orgId)];
  if (q.actorId) conditions.push(eq(t.actorId, q.actorId));
  if (q.action) conditions.push(eq(t.action, q.action));
  if (q.from) conditions.push(gte(t.at, q.from));
  if (q.to) conditions.push(lte(t.at, q.to));
  if (q.before) {
    const older = or(lt(t.at, q.before.at), and(eq(t.at, q.before.at), lt(t.id, q.before.id)));
    if (older) conditions.push(older);
  }
  return db.orm
    .select({ data: t.data, local: t.local })
    .from(t)
    .where(and(...conditions))
    .orderBy(desc(t.at), desc(t.id))
    .limit(q.limit)
    .all()
    .map((r) => parseEntity('auditEvent', JSON.parse(r.local ?? r.data ?? 'null')));
}

/** Distinct audit actions of an org (for the action filter). */
export function listAuditActions(db: LocalDb, orgId: string): string[] {
  return db.orm
    .selectDistinct({ action: auditEvents.action })
    .from(auditEvents)
    .where(eq(auditEvents.orgId, orgId))
    .orderBy(asc(auditEvents.action))
    .all()
    .map((r) => r.action);
}

/** Mutations not yet acknowledged by the server, oldest first. */
export function unpushedOutbox(db: LocalDb, limit: number): OutboxRow[] {
  return db.orm
    .select()
    .from(outbox)
    .where(eq(outbox.pushed, 0))
    .orderBy(asc(outbox.id))
    .limit(limit)
    .all()
    .map(toOutboxRow);
}

/** Every mutation of an org whose effect is not yet in the confirmed rows, oldest first. */
export function pendingForOrg(db: LocalDb, orgId: string): OutboxRow[] {
  return db.orm.select().from(outbox).where(eq(outbox.orgId, orgId)).orderBy(asc(outbox.id)).all().map(toOutboxRow);
}

export function countUnpushed(db: LocalDb): number {
  return (cachedStatement(db, 'SELECT count(*) AS n FROM outbox WHERE pushed = 0').get() as { n: number }).n;
}

/** Members of an org as the user sees them (pending overlays included): all, and the active ones. */
export function countMembers(db: LocalDb, orgId: string): { active: number; total: number } {
  return cachedStatement(
    db,
    `SELECT count(*) AS total,
       coalesce(sum(json_extract(coalesce(local, data), '$.status') = 'active'), 0) AS active
     FROM members WHERE org_id = ?`,
  ).get(orgId) as { active: number; total: number };
}

export function countRows(db: LocalDb, orgId: string): { roles: number; members: number } {
  const r = db.orm.select({ n: count() }).from(roles).where(eq(roles.orgId, orgId)).get()?.n ?? 0;
  const m =
    db.orm
      .select({ n: count() })
      .from(members)
      .where(and(eq(members.orgId, orgId)))
      .get()?.n ?? 0;
  return { roles: r, members: m };
}

function toOutboxRow(row: typeof outbox.$inferSelect): OutboxRow {
  return { ...row, args: JSON.parse(row.args) as unknown, pushed: row.pushed === 1 };
}
