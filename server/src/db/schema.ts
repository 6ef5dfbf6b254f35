import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { timestamps } from './columns';

// Typed view of the tables created by the SQL migrations (migrations/*.sql are the source of truth;
// RLS, FORCE and the botdesk_app role exist only there). Property names of the identity tables are
// the field names Better Auth's drizzle adapter expects.

export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: boolean('email_verified').notNull().default(false),
  image: text('image'),
  ...timestamps,
});

export const sessions = pgTable('sessions', {
  id: uuid('id').primaryKey(),
  token: text('token').notNull().unique(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  ipAddress: text('ip_address'),
  userAgent: text('user_agent'),
  ...timestamps,
});

export const accounts = pgTable('accounts', {
  id: uuid('id').primaryKey(),
  accountId: text('account_id').notNull(),
  providerId: text('provider_id').notNull(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  accessToken: text('access_token'),
  refreshToken: text('refresh_token'),
  idToken: text('id_token'),
  accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }),
  refreshTokenExpiresAt: timestamp('refresh_token_expires_at', { withTimezone: true }),
  scope: text('scope'),
  password: text('password'),
  ...timestamps,
});

export const verifications = pgTable('verifications', {
  id: uuid('id').primaryKey(),
  identifier: text('identifier').notNull(),
  value: text('value').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  ...timestamps,
});

export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  slug: text('slug').notNull().unique(),
  description: text('description').notNull().default(''),
  logoUrl: text('logo_url'),
  ownerId: uuid('owner_id').notNull(),
  isPersonal: boolean('is_personal').notNull().default(false),
  status: text('status', { enum: ['active', 'deleting'] })
    .notNull()
    .default('active'),
  plan: text('plan', { enum: ['free', 'team', 'business', 'enterprise'] })
    .notNull()
    .default('free'),
  defaultRoleId: uuid('default_role_id'),
  billingAddress: text('billing_address').notNull().default(''),
  phone: text('phone').notNull().default(''),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
  ...timestamps,
});

export const roles = pgTable(
  'roles',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    key: text('key'),
    name: text('name').notNull(),
    rank: integer('rank').notNull(),
    permissions: text('permissions')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    builtIn: boolean('built_in').notNull().default(false),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), unique('roles_org_key').on(t.orgId, t.key)],
);

export const memberships = pgTable(
  'memberships',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    userId: uuid('user_id').notNull(),
    roleId: uuid('role_id').notNull(),
    status: text('status', { enum: ['active', 'deactivated'] })
      .notNull()
      .default('active'),
    kind: text('kind', { enum: ['member', 'external_collaborator'] })
      .notNull()
      .default('member'),
    alias: text('alias'),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    grantVersion: bigint('grant_version', { mode: 'number' }).notNull().default(0),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), unique('memberships_org_user').on(t.orgId, t.userId)],
);

/** The per-organization change log (created by 0002_sync.sql, owned by the sync feature). */
export const orgChanges = pgTable(
  'org_changes',
  {
    orgId: uuid('org_id').notNull(),
    version: bigint('version', { mode: 'number' }).notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    op: text('op', { enum: ['upsert', 'delete'] }).notNull(),
    data: jsonb('data').$type<Record<string, unknown> | null>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.version] })],
);

/** Administrative changes (0003_people.sql, owned by the audit feature). */
export const auditEvents = pgTable(
  'audit_events',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    targetLabel: text('target_label').notNull(),
    before: jsonb('before').$type<Record<string, unknown> | null>(),
    after: jsonb('after').$type<Record<string, unknown> | null>(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

/** Ownership transfers awaiting the recipient (0003_people.sql, owned by the ownership feature). */
export const ownershipTransfers = pgTable(
  'ownership_transfers',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    fromMemberId: uuid('from_member_id').notNull(),
    toMemberId: uuid('to_member_id').notNull(),
    status: text('status', { enum: ['pending', 'accepted', 'cancelled'] })
      .notNull()
      .default('pending'),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

/** Invitations (0004_invitations.sql). botdesk_app may not SELECT token_hash: always pick columns. */
export const invitations = pgTable(
  'invitations',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    email: text('email').notNull(),
    name: text('name'),
    roleId: uuid('role_id').notNull(),
    invitedBy: uuid('invited_by').notNull(),
    /** Hex SHA-256 of the token; write-only for request code. */
    tokenHash: text('token_hash').notNull(),
    status: text('status', { enum: ['pending', 'accepted', 'declined', 'revoked'] })
      .notNull()
      .default('pending'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedBy: uuid('accepted_by'),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), unique('invitations_token_hash_key').on(t.tokenHash)],
);

export type UserRow = typeof users.$inferSelect;
export type OrganizationRow = typeof organizations.$inferSelect;
export type RoleRow = typeof roles.$inferSelect;
export type MembershipRow = typeof memberships.$inferSelect;
export type AuditEventRow = typeof auditEvents.$inferSelect;
export type OwnershipTransferRow = typeof ownershipTransfers.$inferSelect;
export type InvitationRow = Omit<typeof invitations.$inferSelect, 'tokenHash'>;

export * from './automation-schema';
export * from './credits-schema';
