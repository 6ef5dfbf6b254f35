import { boolean, integer, jsonb, numeric, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core';
import type { BotStep } from '@shared/schemas/automation';
import { at, timestamps } from './columns';

// Typed view of the automation tables of 0005_automation.sql (the SQL is the source of truth).

/** botdesk_app may not SELECT key_hash: always pick columns (see apiKeyColumns in the feature). */
export const apiKeys = pgTable(
  'api_keys',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    type: text('type', { enum: ['standard', 'ai_agent'] }).notNull(),
    prefix: text('prefix').notNull(),
    /** Hex SHA-256 of the secret; write-only for request code. */
    keyHash: text('key_hash').notNull(),
    scopes: text('scopes').array().notNull(),
    createdBy: uuid('created_by').notNull(),
    createdByName: text('created_by_name').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    lastUsedAt: at('last_used_at'),
    revokedAt: at('revoked_at'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), unique('api_keys_key_hash_key').on(t.keyHash)],
);

export const bots = pgTable(
  'bots',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    enabled: boolean('enabled').notNull().default(true),
    creditsPerRun: numeric('credits_per_run', { precision: 12, scale: 4, mode: 'number' }).notNull().default(1),
    creditsPerMinute: numeric('credits_per_minute', { precision: 12, scale: 4, mode: 'number' }).notNull().default(0),
    steps: jsonb('steps').$type<BotStep[]>().notNull().default([]),
    status: text('status', { enum: ['idle', 'queued', 'running', 'offline', 'error', 'disabled'] })
      .notNull()
      .default('offline'),
    lastRunId: uuid('last_run_id'),
    lastRunStatus: text('last_run_status', { enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] }),
    lastRunAt: at('last_run_at'),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const runners = pgTable(
  'runners',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    runnerKey: text('runner_key').notNull(),
    apiKeyId: uuid('api_key_id').notNull(),
    botIds: uuid('bot_ids').array().notNull().default([]),
    status: text('status', { enum: ['online', 'offline'] })
      .notNull()
      .default('online'),
    lastHeartbeatAt: at('last_heartbeat_at').notNull().defaultNow(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), unique('runners_runner_key_key').on(t.orgId, t.runnerKey)],
);

/** botdesk_app may not SELECT webhook_secret: always pick columns (see triggerColumns in the feature). */
export const triggers = pgTable(
  'triggers',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    botId: uuid('bot_id').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['schedule', 'webhook', 'manual'] }).notNull(),
    cron: text('cron'),
    timeZone: text('time_zone'),
    enabled: boolean('enabled').notNull().default(true),
    nextFireAt: at('next_fire_at'),
    lastFiredAt: at('last_fired_at'),
    /** Write-only for request code. */
    webhookSecret: text('webhook_secret'),
    secretRotatedAt: at('secret_rotated_at'),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const triggerFires = pgTable(
  'trigger_fires',
  {
    orgId: uuid('org_id').notNull(),
    triggerId: uuid('trigger_id').notNull(),
    slot: at('slot').notNull(),
    runId: uuid('run_id'),
    firedAt: at('fired_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.triggerId, t.slot] })],
);

export const runs = pgTable(
  'runs',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    botId: uuid('bot_id').notNull(),
    botName: text('bot_name').notNull(),
    triggerId: uuid('trigger_id'),
    actorId: uuid('actor_id'),
    startedBy: text('started_by').notNull(),
    runnerId: uuid('runner_id'),
    status: text('status', { enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] })
      .notNull()
      .default('queued'),
    queuedAt: at('queued_at').notNull().defaultNow(),
    startedAt: at('started_at'),
    finishedAt: at('finished_at'),
    durationMs: integer('duration_ms'),
    credits: numeric('credits', { precision: 14, scale: 4, mode: 'number' }).notNull().default(0),
    error: text('error'),
    log: text('log').notNull().default(''),
    data: jsonb('data').$type<Record<string, unknown> | null>(),
    retryOf: uuid('retry_of'),
    idempotencyKey: text('idempotency_key'),
    leaseExpiresAt: at('lease_expires_at'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export type ApiKeyRow = Omit<typeof apiKeys.$inferSelect, 'keyHash'>;
export type BotRow = typeof bots.$inferSelect;
export type RunnerRow = typeof runners.$inferSelect;
export type TriggerRow = Omit<typeof triggers.$inferSelect, 'webhookSecret'>;
export type RunRow = typeof runs.$inferSelect;
