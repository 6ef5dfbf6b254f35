import { z } from 'zod';
import { errorCodes } from '../errors';
import { idSchema } from './common';
import { memberSchema, myMembershipSchema, orgSchema, roleSchema } from './org';
import { auditEventSchema, invitationSchema, ownershipTransferSchema } from './people';
import { apiKeySchema, botSchema, runSchema, runnerSchema, triggerSchema } from './automation';
import { alertEventSchema, alertRuleSchema, creditAccountSchema, usageDaySchema } from './usage';

/** Version of the desktop ↔ server contract; the server answers `client_outdated` to others. */
export const PROTOCOL_VERSION = 1;

/** Entities that travel in the change log, each with its sync view schema. */
export const syncEntitySchemas = {
  org: orgSchema,
  role: roleSchema,
  member: memberSchema,
  invitation: invitationSchema,
  auditEvent: auditEventSchema,
  ownershipTransfer: ownershipTransferSchema,
  apiKey: apiKeySchema,
  bot: botSchema,
  runner: runnerSchema,
  trigger: triggerSchema,
  run: runSchema,
  creditAccount: creditAccountSchema,
  usageDay: usageDaySchema,
  alertRule: alertRuleSchema,
  alertEvent: alertEventSchema,
} as const;
export type SyncEntity = keyof typeof syncEntitySchemas;
export const syncEntities = Object.keys(syncEntitySchemas) as SyncEntity[];
export const syncEntitySchema = z.enum(syncEntities as [SyncEntity, ...SyncEntity[]]);

/** One change of the per-organization log; deletes are tombstones with `data: null`. */
export const changeSchema = z.object({
  version: z.number().int().nonnegative(),
  entity: syncEntitySchema,
  entityId: z.string(),
  op: z.enum(['upsert', 'delete']),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type Change = z.infer<typeof changeSchema>;

export const clientIdSchema = z.uuid();

/** A mutation as the desktop queues and pushes it; ids increase per client. */
export const mutationSchema = z.object({
  id: z.number().int().positive(),
  orgId: idSchema,
  name: z.string().min(1).max(64),
  args: z.unknown(),
});
export type Mutation = z.infer<typeof mutationSchema>;

export const pushBodySchema = z.object({
  clientId: clientIdSchema,
  protocol: z.number().int(),
  mutations: z.array(mutationSchema).max(500),
});
export type PushBody = z.infer<typeof pushBodySchema>;

export const mutationOutcomeSchema = z.discriminatedUnion('status', [
  z.object({ id: z.number().int(), status: z.literal('applied') }),
  z.object({
    id: z.number().int(),
    status: z.literal('refused'),
    error: z.object({ code: z.enum(errorCodes), message: z.string() }),
  }),
]);
export type MutationOutcome = z.infer<typeof mutationOutcomeSchema>;
export const pushResultSchema = z.object({ outcomes: z.array(mutationOutcomeSchema) });
export type PushResult = z.infer<typeof pushResultSchema>;

export const pullBodySchema = z.object({
  clientId: clientIdSchema,
  protocol: z.number().int(),
  cursors: z.record(idSchema, z.number().int().nonnegative()),
  limit: z.number().int().min(1).max(5000).optional(),
});
export type PullBody = z.infer<typeof pullBodySchema>;

export const resetReasons = ['too_old', 'revoked', 'permissions_changed'] as const;
export const resetReasonSchema = z.enum(resetReasons);
export type ResetReason = z.infer<typeof resetReasonSchema>;

export const orgPullSchema = z.object({
  orgId: idSchema,
  changes: z.array(changeSchema),
  version: z.number().int().nonnegative(),
  hasMore: z.boolean(),
  lastMutationId: z.number().int().nonnegative(),
  reset: resetReasonSchema.nullable(),
});
export type OrgPull = z.infer<typeof orgPullSchema>;

export const pullResultSchema = z.object({
  orgs: z.array(orgPullSchema),
  memberships: z.array(myMembershipSchema),
});
export type PullResult = z.infer<typeof pullResultSchema>;

/** NDJSON snapshot lines: a header, pages of rows, and an end marker with the row count. */
export const snapshotLineSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('header'),
    orgId: idSchema,
    version: z.number().int().nonnegative(),
    protocol: z.number().int(),
  }),
  z.object({ type: z.literal('rows'), entity: syncEntitySchema, rows: z.array(z.record(z.string(), z.unknown())) }),
  z.object({ type: z.literal('end'), rowCount: z.number().int().nonnegative() }),
]);
export type SnapshotLine = z.infer<typeof snapshotLineSchema>;

/** Server-sent events on `GET /v1/sync/events` (the SSE `data:` payload). */
export const liveEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), protocol: z.number().int() }),
  z.object({ type: z.literal('poke'), orgId: idSchema, version: z.number().int() }),
  z.object({ type: z.literal('membership'), orgId: idSchema, change: z.enum(['added', 'removed', 'changed']) }),
  z.object({ type: z.literal('signal'), orgId: idSchema, name: z.string(), data: z.unknown() }),
]);
export type LiveEvent = z.infer<typeof liveEventSchema>;
