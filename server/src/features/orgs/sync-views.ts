import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { AnyColumn, SQL } from 'drizzle-orm';
import type { Member, Org, Role } from '@shared/schemas/org';
import type { AuditEvent, Invitation, OwnershipTransfer } from '@shared/schemas/people';
import type { ApiKey, Bot, Run, Runner, Trigger } from '@shared/schemas/automation';
import type { AlertEvent, AlertRule, CreditAccount, UsageDay } from '@shared/schemas/usage';
import { isPermission } from '@shared/permissions';
import type { Permission } from '@shared/permissions';
import { memberships, organizations, roles, users } from '../../db/schema';
import type { MembershipRow, OrganizationRow, RoleRow } from '../../db/schema';
import { queryRows } from '../../db/tx';
import type { TxContext } from '../../db/tx';
import { loadAuditEventViews } from '../audit/audit-views';
import { loadInvitationViews } from '../invitations/invitation-views';
import { loadOwnershipTransferViews } from '../ownership/transfer-views';
import { loadApiKeyViews } from '../api-keys/api-key-views';
import { loadBotViews, loadRunnerViews } from '../bots/bot-views';
import { loadTriggerViews } from '../triggers/trigger-views';
import { loadRunViews } from '../runs/run-views';
import {
  loadAlertEventViews,
  loadAlertRuleViews,
  loadCreditAccountViews,
  loadUsageDayViews,
} from '../credits/usage-views';

/** The organization as desktops store it (never secrets). */
export function orgSyncView(row: OrganizationRow): Org {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    description: row.description,
    logoUrl: row.logoUrl,
    isPersonal: row.isPersonal,
    status: row.status,
    plan: row.plan,
    ownerId: row.ownerId,
    defaultRoleId: row.defaultRoleId,
    billingAddress: row.billingAddress,
    phone: row.phone,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Permissions stored as text[]; anything not in the catalogue (a removed permission) is dropped. */
export function rolePermissions(row: Pick<RoleRow, 'permissions'>): Permission[] {
  return row.permissions.filter(isPermission);
}

export function roleSyncView(row: RoleRow): Role {
  return {
    id: row.id,
    orgId: row.orgId,
    key: row.key,
    name: row.name,
    rank: row.rank,
    permissions: rolePermissions(row),
    builtIn: row.builtIn,
  };
}

/** A membership joined with the profile fields every member may see. */
export type MemberViewRow = MembershipRow & { name: string; email: string };

export function memberSyncView(row: MemberViewRow): Member {
  return {
    id: row.id,
    orgId: row.orgId,
    userId: row.userId,
    roleId: row.roleId,
    status: row.status,
    kind: row.kind,
    alias: row.alias,
    name: row.name,
    email: row.email,
    joinedAt: row.joinedAt.toISOString(),
    lastLoginAt: row.lastLoginAt ? row.lastLoginAt.toISOString() : null,
  };
}

type SyncViews = {
  org: Org;
  role: Role;
  member: Member;
  invitation: Invitation;
  auditEvent: AuditEvent;
  ownershipTransfer: OwnershipTransfer;
  apiKey: ApiKey;
  bot: Bot;
  runner: Runner;
  trigger: Trigger;
  run: Run;
  creditAccount: CreditAccount;
  usageDay: UsageDay;
  alertRule: AlertRule;
  alertEvent: AlertEvent;
};

/** One page of an org's rows as sync views, ordered by id, after `afterId` (snapshot reads). */
export async function loadSyncViews<E extends keyof SyncViews>(
  c: TxContext,
  orgId: string,
  entity: E,
  afterId: string | null,
  limit: number,
): Promise<SyncViews[E][]> {
  return (await loadRows(c, orgId, entity, afterId, limit)) as SyncViews[E][];
}

async function loadRows(c: TxContext, orgId: string, entity: keyof SyncViews, afterId: string | null, limit: number) {
  switch (entity) {
    case 'org': {
      if (afterId !== null) return [];
      const rows = await c.tx.select().from(organizations).where(eq(organizations.id, orgId));
      return rows.map(orgSyncView);
    }
    case 'role': {
      const rows = await c.tx
        .select()
        .from(roles)
        .where(and(eq(roles.orgId, orgId), afterId === null ? undefined : gt(roles.id, afterId)))
        .orderBy(asc(roles.id))
        .limit(limit);
      return rows.map(roleSyncView);
    }
    case 'member': {
      const rows = await selectMemberViews(c)
        .where(and(eq(memberships.orgId, orgId), afterId === null ? undefined : gt(memberships.id, afterId)))
        .orderBy(asc(memberships.id))
        .limit(limit);
      return rows.map((r) => memberSyncView({ ...r.membership, name: r.name, email: r.email }));
    }
    case 'invitation':
      return loadInvitationViews(c, orgId, afterId, limit);
    case 'auditEvent':
      return loadAuditEventViews(c, orgId, afterId, limit);
    case 'ownershipTransfer':
      return loadOwnershipTransferViews(c, orgId, afterId, limit);
    case 'apiKey':
      return loadApiKeyViews(c, orgId, afterId, limit);
    case 'bot':
      return loadBotViews(c, orgId, afterId, limit);
    case 'runner':
      return loadRunnerViews(c, orgId, afterId, limit);
    case 'trigger':
      return loadTriggerViews(c, orgId, afterId, limit);
    case 'run':
      return loadRunViews(c, orgId, afterId, limit);
    case 'creditAccount':
      return loadCreditAccountViews(c, orgId, afterId, limit);
    case 'usageDay':
      return loadUsageDayViews(c, orgId, afterId, limit);
    case 'alertRule':
      return loadAlertRuleViews(c, orgId, afterId, limit);
    case 'alertEvent':
      return loadAlertEventViews(c, orgId, afterId, limit);
  }
}

/** memberships joined with users, for member views; callers add the where clause. */
export function selectMemberViews(c: TxContext) {
  return c.tx
    .select({ membership: memberships, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .$dynamic();
}

/** A page of sync views as the text of a JSON array, with its row count and the last id (the next page's cursor). */
export type JsonPage = { json: string; count: number; lastId: string | null };

/** A timestamptz as `Date.toISOString()` writes it: UTC, milliseconds (truncated, as a parsed Date holds them). */
function isoText(column: AnyColumn): SQL {
  return sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/**
 * One snapshot page of member views, the rows `loadSyncViews(…, 'member', …)` returns, serialized
 * by the database with memberSyncView's fields and order: a 100k-member org is mostly this page, and
 * mapping and re-serializing each row here was most of the server's time (bench:sync).
 */
export async function loadMemberViewsJson(
  c: TxContext,
  orgId: string,
  afterId: string | null,
  limit: number,
): Promise<JsonPage> {
  const after = afterId === null ? sql`` : sql`AND ${memberships.id} > ${afterId}`;
  const [page] = await queryRows<{ json: string; count: number; lastId: string | null }>(
    c.tx,
    sql`SELECT '[' || coalesce(string_agg(row_to_json(v)::text, ',' ORDER BY v.id), '') || ']' AS json,
          count(*)::int AS count, max(v.id::text COLLATE "C") AS "lastId"
        FROM (
          SELECT ${memberships.id} AS id, ${memberships.orgId} AS "orgId", ${memberships.userId} AS "userId",
            ${memberships.roleId} AS "roleId", ${memberships.status} AS status, ${memberships.kind} AS kind,
            ${memberships.alias} AS alias, ${users.name} AS name, ${users.email} AS email,
            ${isoText(memberships.joinedAt)} AS "joinedAt", ${isoText(memberships.lastLoginAt)} AS "lastLoginAt"
          FROM ${memberships} JOIN ${users} ON ${users.id} = ${memberships.userId}
          WHERE ${memberships.orgId} = ${orgId} ${after}
          ORDER BY ${memberships.id}
          LIMIT ${limit}
        ) v`,
  );
  return page ?? { json: '[]', count: 0, lastId: null };
}

/** The member view of one membership, or null. */
export async function loadMemberView(c: TxContext, orgId: string, memberId: string): Promise<Member | null> {
  const [row] = await selectMemberViews(c).where(and(eq(memberships.orgId, orgId), eq(memberships.id, memberId)));
  return row ? memberSyncView({ ...row.membership, name: row.name, email: row.email }) : null;
}
