import type { Statement } from 'better-sqlite3';
import { syncEntitySchemas } from '@shared/schemas/sync';
import type { SyncEntity } from '@shared/schemas/sync';
import type { Member, Org, Role } from '@shared/schemas/org';
import type { AuditEvent, Invitation, OwnershipTransfer } from '@shared/schemas/people';
import type { ApiKey, Bot, Run, Runner, Trigger } from '@shared/schemas/automation';
import type { AlertEvent, AlertRule, CreditAccount, UsageDay } from '@shared/schemas/usage';
import type { LocalDb } from './connection';

export type EntityRow = {
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

/** How each synced entity maps to its table: which columns are indexed and how a row is keyed. */
const tables = {
  org: {
    table: 'orgs',
    columns: ['name', 'slug'],
    indexed: (o: Org) => [o.name, o.slug],
    orgScoped: false,
  },
  role: {
    table: 'roles',
    columns: ['rank'],
    indexed: (r: Role) => [r.rank],
    orgScoped: true,
  },
  member: {
    table: 'members',
    columns: ['user_id', 'name'],
    indexed: (m: Member) => [m.userId, m.name],
    orgScoped: true,
  },
  invitation: {
    table: 'invitations',
    columns: ['email', 'status'],
    indexed: (i: Invitation) => [i.email, i.status],
    orgScoped: true,
  },
  auditEvent: {
    table: 'audit_events',
    columns: ['at', 'actor_id', 'action'],
    indexed: (e: AuditEvent) => [e.at, e.actorId, e.action],
    orgScoped: true,
  },
  ownershipTransfer: {
    table: 'ownership_transfers',
    columns: ['status', 'to_member_id'],
    indexed: (t: OwnershipTransfer) => [t.status, t.toMemberId],
    orgScoped: true,
  },
  apiKey: {
    table: 'api_keys',
    columns: ['name', 'created_by'],
    indexed: (k: ApiKey) => [k.name, k.createdBy],
    orgScoped: true,
  },
  bot: {
    table: 'bots',
    columns: ['name', 'status'],
    indexed: (b: Bot) => [b.name, b.status],
    orgScoped: true,
  },
  runner: {
    table: 'runners',
    columns: ['status'],
    indexed: (r: Runner) => [r.status],
    orgScoped: true,
  },
  trigger: {
    table: 'triggers',
    columns: ['bot_id', 'kind'],
    indexed: (t: Trigger) => [t.botId, t.kind],
    orgScoped: true,
  },
  run: {
    table: 'runs',
    columns: ['bot_id', 'status', 'queued_at', 'duration_ms', 'credits', 'error', 'log'],
    indexed: (r: Run) => [r.botId, r.status, r.queuedAt, r.durationMs, r.credits, r.error, r.log],
    orgScoped: true,
  },
  creditAccount: {
    table: 'credit_accounts',
    columns: ['balance'],
    indexed: (a: CreditAccount) => [a.balance],
    orgScoped: true,
  },
  usageDay: {
    table: 'usage_days',
    columns: ['day', 'bot_id', 'trigger_id', 'credits'],
    indexed: (u: UsageDay) => [u.day, u.botId, u.triggerId, u.credits],
    orgScoped: true,
  },
  alertRule: {
    table: 'alert_rules',
    columns: ['threshold'],
    indexed: (r: AlertRule) => [r.threshold],
    orgScoped: true,
  },
  alertEvent: {
    table: 'alert_events',
    columns: ['at', 'rule_id'],
    indexed: (e: AlertEvent) => [e.at, e.ruleId],
    orgScoped: true,
  },
} as const satisfies Record<
  SyncEntity,
  { table: string; columns: readonly string[]; indexed: (row: never) => (string | number | null)[]; orgScoped: boolean }
>;

export const entityTables = tables;

type Statements = {
  upsert: Statement;
  setLocal: Statement;
  remove: Statement;
  clearLocal: Statement;
  dropUnconfirmed: Statement;
  purge: Statement;
};

const cache = new WeakMap<LocalDb, Record<SyncEntity, Statements>>();

/** Prepared statements per entity, built once per connection (bulk paths reuse them). */
export function statements(db: LocalDb): Record<SyncEntity, Statements> {
  const cached = cache.get(db);
  if (cached) return cached;
  const built = Object.fromEntries(
    (Object.keys(tables) as SyncEntity[]).map((entity) => [entity, prepare(db, entity)]),
  ) as Record<SyncEntity, Statements>;
  cache.set(db, built);
  return built;
}

function prepare(db: LocalDb, entity: SyncEntity): Statements {
  const t: { table: string; columns: readonly string[]; orgScoped: boolean } = tables[entity];
  const key = t.orgScoped ? ['org_id', 'id'] : ['id'];
  const where = key.map((k) => `${k} = ?`).join(' AND ');
  const orgWhere = t.orgScoped ? 'org_id = ?' : 'id = ?';
  const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  const upsertCols = [...key, 'data', ...t.columns];
  const localCols = [...key, 'local', ...t.columns];
  // A pending overlay keeps its indexed values until it is cleared: `local` wins over `data`.
  const keepLocal = t.columns.map((c) => `${c} = CASE WHEN local IS NULL THEN excluded.${c} ELSE ${c} END`);
  const fromLocal = ['local', ...t.columns].map((c) => `${c} = excluded.${c}`);
  const fromData = t.columns.map((c) => `${c} = json_extract(data, '$.${jsonField(c)}')`);
  const sql = (text: string) => db.sqlite.prepare(text);
  return {
    upsert: sql(
      `INSERT INTO ${t.table} (${upsertCols.join(', ')}) VALUES (${marks(upsertCols.length)})
       ON CONFLICT (${key.join(', ')}) DO UPDATE SET data = excluded.data, ${keepLocal.join(', ')}`,
    ),
    setLocal: sql(
      `INSERT INTO ${t.table} (${localCols.join(', ')}) VALUES (${marks(localCols.length)})
       ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${fromLocal.join(', ')}`,
    ),
    remove: sql(`DELETE FROM ${t.table} WHERE ${where}`),
    clearLocal: sql(
      `UPDATE ${t.table} SET local = NULL, ${fromData.join(', ')}
       WHERE ${orgWhere} AND local IS NOT NULL AND data IS NOT NULL`,
    ),
    dropUnconfirmed: sql(`DELETE FROM ${t.table} WHERE ${orgWhere} AND data IS NULL`),
    purge: sql(`DELETE FROM ${t.table} WHERE ${orgWhere}`),
  };
}

function jsonField(column: string): string {
  return column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Validates a server row against its sync view schema (rows are untrusted until parsed). */
export function parseEntity<E extends SyncEntity>(entity: E, data: unknown): EntityRow[E] {
  return syncEntitySchemas[entity].parse(data) as EntityRow[E];
}

/** Key values of a row in column order: `[id]` for orgs, `[orgId, id]` for the others. */
export function keyOf(entity: SyncEntity, orgId: string, id: string): string[] {
  return tables[entity].orgScoped ? [orgId, id] : [id];
}

export function indexedValues<E extends SyncEntity>(entity: E, row: EntityRow[E]): (string | number | null)[] {
  const indexed = tables[entity].indexed as (r: EntityRow[E]) => (string | number | null)[];
  return indexed(row);
}
