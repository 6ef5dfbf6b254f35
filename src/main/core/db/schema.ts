import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';

/**
 * The local copy of a user's organizations. Entity tables keep the server's confirmed sync view in
 * `data` and the effect of still-pending local mutations in `local` (null when none), so pending
 * effects revert by clearing `local`. Indexed columns mirror the visible value (`local ?? data`).
 */
export const meta = sqliteTable('meta', {
  id: integer('id').primaryKey(),
  clientId: text('client_id').notNull(),
  nextMutationId: integer('next_mutation_id').notNull(),
  serverUrl: text('server_url'),
  user: text('user'),
});

export const orgSync = sqliteTable('org_sync', {
  orgId: text('org_id').primaryKey(),
  cursor: integer('cursor').notNull(),
  state: text('state', { enum: ['bootstrapping', 'ready'] }).notNull(),
  progress: real('progress').notNull(),
  bootstrapVersion: integer('bootstrap_version'),
  membership: text('membership').notNull(),
});

export const orgs = sqliteTable('orgs', {
  id: text('id').primaryKey(),
  data: text('data'),
  local: text('local'),
  name: text('name').notNull(),
  slug: text('slug').notNull(),
});

export const roles = sqliteTable(
  'roles',
  {
    orgId: text('org_id').notNull(),
    id: text('id').notNull(),
    data: text('data'),
    local: text('local'),
    rank: integer('rank').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('roles_rank').on(t.orgId, t.rank),
    ...pendingIndexes('roles', t),
  ],
);

export const members = sqliteTable(
  'members',
  {
    orgId: text('org_id').notNull(),
    id: text('id').notNull(),
    data: text('data'),
    local: text('local'),
    userId: text('user_id').notNull(),
    name: text('name').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('members_name').on(t.orgId, t.name),
    ...pendingIndexes('members', t),
  ],
);

export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey(),
    orgId: text('org_id').notNull(),
    name: text('name').notNull(),
    args: text('args').notNull(),
    createdAt: text('created_at').notNull(),
    /** 1 once the server answered "applied"; the row stays until a pull confirms the effect. */
    pushed: integer('pushed').notNull(),
  },
  (t) => [index('outbox_org').on(t.orgId, t.id), index('outbox_pushed').on(t.pushed, t.id)],
);

export const invitations = sqliteTable(
  'invitations',
  {
    orgId: text('org_id').notNull(),
    id: text('id').notNull(),
    data: text('data'),
    local: text('local'),
    email: text('email').notNull(),
    status: text('status').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('invitations_status').on(t.orgId, t.status, t.email),
    ...pendingIndexes('invitations', t),
  ],
);

export const auditEvents = sqliteTable(
  'audit_events',
  {
    orgId: text('org_id').notNull(),
    id: text('id').notNull(),
    data: text('data'),
    local: text('local'),
    at: text('at').notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('audit_events_at').on(t.orgId, t.at, t.id),
    index('audit_events_actor').on(t.orgId, t.actorId, t.at),
    index('audit_events_action').on(t.orgId, t.action, t.at),
    ...pendingIndexes('audit_events', t),
  ],
);

export const ownershipTransfers = sqliteTable(
  'ownership_transfers',
  {
    orgId: text('org_id').notNull(),
    id: text('id').notNull(),
    data: text('data'),
    local: text('local'),
    status: text('status').notNull(),
    toMemberId: text('to_member_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('ownership_transfers_status').on(t.orgId, t.status),
    ...pendingIndexes('ownership_transfers', t),
  ],
);

/** Partial indexes holding only rows with a pending effect, which every pull reverts (migration 3). */
function pendingIndexes(table: string, t: { orgId: SQLiteColumn; local: SQLiteColumn; data: SQLiteColumn }) {
  return [
    index(`${table}_overlaid`)
      .on(t.orgId)
      .where(sql`${t.local} IS NOT NULL`),
    index(`${table}_unconfirmed`)
      .on(t.orgId)
      .where(sql`${t.data} IS NULL`),
  ];
}
