import { z } from 'zod';
import { idSchema, isoDateSchema } from './common';
import { permissionSchema } from './org';

/**
 * Automation assets: API keys, bots, runners, triggers and runs — the sync views desktops store
 * and the bodies of their routes and mutators.
 */

export const apiKeyTypes = ['standard', 'ai_agent'] as const;
export const apiKeyTypeSchema = z.enum(apiKeyTypes);
export type ApiKeyType = z.infer<typeof apiKeyTypeSchema>;

/** API key sync view (to members with `api_keys.read`): never the secret or its hash. */
export const apiKeySchema = z.object({
  id: idSchema,
  orgId: idSchema,
  name: z.string(),
  type: apiKeyTypeSchema,
  /** What the UI shows of the secret, e.g. `bd_standard_3fA9x…`. */
  prefix: z.string(),
  scopes: z.array(permissionSchema),
  /** The creator's user id; the UI flags the key when no active member has it any more. */
  createdBy: idSchema,
  createdByName: z.string(),
  createdAt: isoDateSchema,
  lastUsedAt: isoDateSchema.nullable(),
  revokedAt: isoDateSchema.nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

const nameSchema = z.string().trim().min(1, 'Enter a name').max(80);

export const createApiKeyBodySchema = z.object({
  name: nameSchema,
  type: apiKeyTypeSchema,
  scopes: z.array(permissionSchema).min(1, 'Choose at least one scope').max(32),
});
export type CreateApiKeyBody = z.infer<typeof createApiKeyBodySchema>;
/** The answer to creating a key: the only time the secret is ever shown. */
export const createdApiKeySchema = z.object({ apiKey: apiKeySchema, secret: z.string() });
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

export const botStatuses = ['idle', 'queued', 'running', 'offline', 'error', 'disabled'] as const;
export const botStatusSchema = z.enum(botStatuses);
export type BotStatus = z.infer<typeof botStatusSchema>;

export const runStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const runStatusSchema = z.enum(runStatuses);
export type RunStatus = z.infer<typeof runStatusSchema>;
export const finishedRunStatuses = ['succeeded', 'failed', 'cancelled'] as const satisfies readonly RunStatus[];

/** One scripted step the reference runner performs for each run of a bot. */
export const botStepSchema = z.object({
  name: z.string().trim().min(1).max(80),
  durationMs: z.number().int().min(0).max(3_600_000),
  /** `fail` ends the run as failed at this step with `error` as its message. */
  outcome: z.enum(['ok', 'fail']).default('ok'),
  error: z.string().max(500).optional(),
  /** Merged into the run's extracted data when the step succeeds. */
  data: z.record(z.string(), z.unknown()).optional(),
});
export type BotStep = z.infer<typeof botStepSchema>;

export const creditsSchema = z.number().min(0).max(1_000_000);

/** Bot sync view (to members with `bots.read`). */
export const botSchema = z.object({
  id: idSchema,
  orgId: idSchema,
  name: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  creditsPerRun: creditsSchema,
  creditsPerMinute: creditsSchema,
  steps: z.array(botStepSchema),
  status: botStatusSchema,
  lastRunId: idSchema.nullable(),
  lastRunStatus: runStatusSchema.nullable(),
  lastRunAt: isoDateSchema.nullable(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type Bot = z.infer<typeof botSchema>;

export const createBotBodySchema = z.object({
  name: nameSchema,
  description: z.string().trim().max(500).optional(),
  creditsPerRun: creditsSchema.optional(),
  creditsPerMinute: creditsSchema.optional(),
  steps: z.array(botStepSchema).max(50).optional(),
});
export type CreateBotBody = z.infer<typeof createBotBodySchema>;
/** `enabled` needs `bots.toggle`; every other field `bots.manage`. */
export const botPatchSchema = createBotBodySchema
  .extend({ enabled: z.boolean() })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'Change at least one field');
export type BotPatch = z.infer<typeof botPatchSchema>;

/** Runner sync view (to members with `bots.read`); heartbeats themselves travel as live signals. */
export const runnerSchema = z.object({
  id: idSchema,
  orgId: idSchema,
  /** The id the runner process sends (several runners may share one API key). */
  runnerKey: z.string(),
  apiKeyId: idSchema,
  botIds: z.array(idSchema),
  status: z.enum(['online', 'offline']),
  lastHeartbeatAt: isoDateSchema,
  createdAt: isoDateSchema,
});
export type Runner = z.infer<typeof runnerSchema>;

export const triggerKinds = ['schedule', 'webhook', 'manual'] as const;
export const triggerKindSchema = z.enum(triggerKinds);
export type TriggerKind = z.infer<typeof triggerKindSchema>;

/** Trigger sync view (to members with `triggers.read`): never the webhook secret. */
export const triggerSchema = z.object({
  id: idSchema,
  orgId: idSchema,
  botId: idSchema,
  name: z.string(),
  kind: triggerKindSchema,
  /** Five-field cron for schedules, else null. */
  cron: z.string().nullable(),
  /** IANA time zone for schedules, else null. */
  timeZone: z.string().nullable(),
  enabled: z.boolean(),
  nextFireAt: isoDateSchema.nullable(),
  lastFiredAt: isoDateSchema.nullable(),
  /** When the webhook secret was last (re)generated, for webhooks. */
  secretRotatedAt: isoDateSchema.nullable(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type Trigger = z.infer<typeof triggerSchema>;

export const createTriggerBodySchema = z.object({
  botId: idSchema,
  name: nameSchema,
  kind: triggerKindSchema,
  cron: z.string().trim().max(120).optional(),
  timeZone: z.string().trim().max(64).optional(),
  enabled: z.boolean().optional(),
});
export type CreateTriggerBody = z.infer<typeof createTriggerBodySchema>;
export const triggerPatchSchema = z
  .object({
    name: nameSchema,
    cron: z.string().trim().max(120),
    timeZone: z.string().trim().max(64),
    enabled: z.boolean(),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'Change at least one field');
export type TriggerPatch = z.infer<typeof triggerPatchSchema>;
/** A trigger as created or rotated: the webhook secret is shown this once. */
export const triggerWithSecretSchema = z.object({ trigger: triggerSchema, secret: z.string().nullable() });
export type TriggerWithSecret = z.infer<typeof triggerWithSecretSchema>;

export const RUN_LOG_MAX_CHARS = 8_000;
export const RUN_DATA_MAX_BYTES = 16_384;
export const RUN_ERROR_MAX_CHARS = 2_000;

/** Run sync view (to members with `runs.read`). */
export const runSchema = z.object({
  id: idSchema,
  orgId: idSchema,
  botId: idSchema,
  botName: z.string(),
  triggerId: idSchema.nullable(),
  /** The member who started it (run now, retry), else null. */
  actorId: idSchema.nullable(),
  /** Who or what started it, in words: a trigger's name, a person, or a runner. */
  startedBy: z.string(),
  runnerId: idSchema.nullable(),
  status: runStatusSchema,
  queuedAt: isoDateSchema,
  startedAt: isoDateSchema.nullable(),
  finishedAt: isoDateSchema.nullable(),
  /** Server-measured, from startedAt to finishedAt. */
  durationMs: z.number().int().nonnegative().nullable(),
  credits: z.number().nonnegative(),
  error: z.string().nullable(),
  log: z.string(),
  data: z.record(z.string(), z.unknown()).nullable(),
  retryOf: idSchema.nullable(),
});
export type Run = z.infer<typeof runSchema>;

/** `GET /v1/orgs/:orgId/runs` query (older pages beyond what the desktop keeps). */
export const runsQuerySchema = z.object({
  botId: idSchema.optional(),
  status: runStatusSchema.optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  q: z.string().trim().max(200).optional(),
  /** Opaque: the id of the last run of the previous page (newest first). */
  cursor: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type RunsQuery = z.infer<typeof runsQuerySchema>;
export const runsPageSchema = z.object({ runs: z.array(runSchema), nextCursor: idSchema.nullable() });
export type RunsPage = z.infer<typeof runsPageSchema>;

/** Live progress of a run (a `signal` named `run.progress`, not a change). */
export const runProgressSignalSchema = z.object({
  runId: idSchema,
  botId: idSchema,
  progress: z.number().min(0).max(100),
  step: z.string().max(80).nullable(),
});
export type RunProgressSignal = z.infer<typeof runProgressSignalSchema>;
/** A runner's heartbeat (a `signal` named `runner.heartbeat`). */
export const runnerHeartbeatSignalSchema = z.object({ runnerId: idSchema, at: isoDateSchema });

// Runner protocol (API key with `runs.execute`).
export const runnerKeySchema = z.string().trim().min(1).max(100);
export const runnerHeartbeatBodySchema = z.object({ runnerId: runnerKeySchema, botIds: z.array(idSchema).max(500) });
export const runnerClaimBodySchema = runnerHeartbeatBodySchema.extend({
  limit: z.number().int().min(1).max(50).default(1),
});
export const runnerStartBodySchema = z.object({
  botId: idSchema,
  idempotencyKey: z.string().trim().min(1).max(200),
  runnerId: runnerKeySchema.optional(),
});
export const runnerReportBodySchema = z.object({
  status: z.enum(['running', 'succeeded', 'failed']),
  runnerId: runnerKeySchema.optional(),
  progress: z.number().min(0).max(100).optional(),
  step: z.string().max(80).optional(),
  error: z.string().max(RUN_ERROR_MAX_CHARS).optional(),
  log: z.string().max(RUN_LOG_MAX_CHARS).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type RunnerReportBody = z.infer<typeof runnerReportBodySchema>;
/** A claimed run as the runner receives it: the run, its lease and the bot's steps. */
export const claimedRunSchema = z.object({
  run: runSchema,
  leaseExpiresAt: isoDateSchema,
  steps: z.array(botStepSchema),
});
export type ClaimedRun = z.infer<typeof claimedRunSchema>;
