import { and, asc, count, desc, eq } from 'drizzle-orm';
import { myMembershipSchema } from '@shared/schemas/org';
import type { Member, MyMembership, Org, Role } from '@shared/schemas/org';
import { userSchema } from '@shared/schemas/user';
import type { User } from '@shared/schemas/user';
import type { LocalDb } from './connection';
import { parseEntity } from './entities';
import { members, meta, orgSync, orgs, outbox, roles } from './schema';

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
  const row = db.orm.select().from(orgSync).where(eq(orgSync.orgId, orgId)).get();
  return row ? toOrgSyncRow(row) : null;
}

function toOrgSyncRow(row: typeof orgSync.$inferSelect): OrgSyncRow {
  return { ...row, membership: myMembershipSchema.parse(JSON.parse(row.membership)) };
}

/** The organization as the user sees it: the pending overlay when there is one, else the server's row. */
export function visibleOrg(db: LocalDb, orgId: string): Org | null {
  const row = db.orm.select().from(orgs).where(eq(orgs.id, orgId)).get();
  const json = row?.local ?? row?.data;
  return json ? parseEntity('org', JSON.parse(json)) : null;
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
  return db.orm.select({ n: count() }).from(outbox).where(eq(outbox.pushed, 0)).get()?.n ?? 0;
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
