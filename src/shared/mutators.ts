import { z } from 'zod';
import { idSchema } from './schemas/common';
import { createOrgBodySchema, deleteOrgBodySchema, orgPatchSchema, orgSchema, roleSchema } from './schemas/org';
import {
  createInvitationBodySchema,
  createRoleBodySchema,
  invitationSchema,
  invitationTokenBodySchema,
  memberPatchSchema,
  ownershipTransferSchema,
  rolePatchSchema,
} from './schemas/people';
import {
  botPatchSchema,
  botSchema,
  createApiKeyBodySchema,
  createBotBodySchema,
  createdApiKeySchema,
  createTriggerBodySchema,
  runSchema,
  triggerPatchSchema,
  triggerSchema,
  triggerWithSecretSchema,
} from './schemas/automation';
import {
  alertRulePatchSchema,
  alertRuleSchema,
  createAlertRuleBodySchema,
  planChangeBodySchema,
  topUpBodySchema,
} from './schemas/usage';

const empty = z.object({});

/**
 * Every change is a named mutator. `optimistic` ones apply locally at once and go through the
 * outbox and `POST /v1/sync/push`; `online` ones need the server's answer and are called directly
 * (disabled while offline). The server runs the same service for a mutator from REST or push.
 */
export const mutators = {
  'org.update': {
    kind: 'optimistic',
    args: z.object({ patch: orgPatchSchema }),
    result: empty,
  },
  'org.create': {
    kind: 'online',
    args: createOrgBodySchema,
    result: orgSchema,
  },
  'org.delete': {
    kind: 'online',
    args: deleteOrgBodySchema,
    result: empty,
  },
  'org.leave': { kind: 'online', args: empty, result: empty },
  /** Role and/or status (deactivate, reactivate) of a member. */
  'member.update': {
    kind: 'optimistic',
    args: z.object({ memberId: idSchema, patch: memberPatchSchema }),
    result: empty,
  },
  'member.remove': { kind: 'online', args: z.object({ memberId: idSchema }), result: empty },
  'invitation.create': { kind: 'online', args: createInvitationBodySchema, result: invitationSchema },
  'invitation.resend': { kind: 'online', args: z.object({ invitationId: idSchema }), result: invitationSchema },
  'invitation.revoke': { kind: 'online', args: z.object({ invitationId: idSchema }), result: empty },
  /** orgId is ignored (the token names the org); answers the org joined. */
  'invitation.accept': { kind: 'online', args: invitationTokenBodySchema, result: orgSchema },
  'invitation.decline': { kind: 'online', args: invitationTokenBodySchema, result: empty },
  'role.create': { kind: 'online', args: createRoleBodySchema, result: roleSchema },
  'role.update': { kind: 'optimistic', args: z.object({ roleId: idSchema, patch: rolePatchSchema }), result: empty },
  /** Members holding it move to the org's default role. */
  'role.delete': { kind: 'online', args: z.object({ roleId: idSchema }), result: empty },
  'ownership.transfer': { kind: 'online', args: z.object({ memberId: idSchema }), result: ownershipTransferSchema },
  'ownership.accept': { kind: 'online', args: z.object({ transferId: idSchema }), result: empty },
  'ownership.cancel': { kind: 'online', args: z.object({ transferId: idSchema }), result: empty },
  /** The answer carries the secret: the only time anyone sees it. */
  'apiKey.create': { kind: 'online', args: createApiKeyBodySchema, result: createdApiKeySchema },
  'apiKey.revoke': { kind: 'online', args: z.object({ keyId: idSchema }), result: empty },
  'bot.create': { kind: 'online', args: createBotBodySchema, result: botSchema },
  /** Any field; `enabled` alone needs only `bots.toggle`. */
  'bot.update': { kind: 'online', args: z.object({ botId: idSchema, patch: botPatchSchema }), result: botSchema },
  /** The bots page toggle: applies at once, reverts with the reason when refused. */
  'bot.setEnabled': {
    kind: 'optimistic',
    args: z.object({ botId: idSchema, enabled: z.boolean() }),
    result: empty,
  },
  'bot.delete': { kind: 'online', args: z.object({ botId: idSchema }), result: empty },
  'bot.runNow': { kind: 'online', args: z.object({ botId: idSchema }), result: runSchema },
  'run.cancel': { kind: 'online', args: z.object({ runId: idSchema }), result: runSchema },
  /** Queues a new run of the same bot, linked by `retryOf`. */
  'run.retry': { kind: 'online', args: z.object({ runId: idSchema }), result: runSchema },
  'trigger.create': { kind: 'online', args: createTriggerBodySchema, result: triggerWithSecretSchema },
  'trigger.update': {
    kind: 'online',
    args: z.object({ triggerId: idSchema, patch: triggerPatchSchema }),
    result: triggerSchema,
  },
  'trigger.setEnabled': {
    kind: 'optimistic',
    args: z.object({ triggerId: idSchema, enabled: z.boolean() }),
    result: empty,
  },
  'trigger.delete': { kind: 'online', args: z.object({ triggerId: idSchema }), result: empty },
  'trigger.rotateSecret': { kind: 'online', args: z.object({ triggerId: idSchema }), result: triggerWithSecretSchema },
  /** Adds credits to the ledger (paying for them comes with billing). */
  'credits.topUp': { kind: 'online', args: topUpBodySchema, result: empty },
  /** Refused with what does not fit when current use exceeds the new plan's limits. */
  'plan.change': { kind: 'online', args: planChangeBodySchema, result: orgSchema },
  'alertRule.create': { kind: 'online', args: createAlertRuleBodySchema, result: alertRuleSchema },
  'alertRule.update': {
    kind: 'online',
    args: z.object({ ruleId: idSchema, patch: alertRulePatchSchema }),
    result: alertRuleSchema,
  },
  'alertRule.setEnabled': {
    kind: 'optimistic',
    args: z.object({ ruleId: idSchema, enabled: z.boolean() }),
    result: empty,
  },
  'alertRule.delete': { kind: 'online', args: z.object({ ruleId: idSchema }), result: empty },
} as const satisfies Record<string, { kind: 'optimistic' | 'online'; args: z.ZodType; result: z.ZodType }>;

export type MutatorName = keyof typeof mutators;
export type MutatorArgs<N extends MutatorName> = z.infer<(typeof mutators)[N]['args']>;
export type MutatorResult<N extends MutatorName> = z.infer<(typeof mutators)[N]['result']>;
export type MutatorKind = (typeof mutators)[MutatorName]['kind'];
export const mutatorNames = Object.keys(mutators) as MutatorName[];

export type OptimisticMutatorName = {
  [N in MutatorName]: (typeof mutators)[N]['kind'] extends 'optimistic' ? N : never;
}[MutatorName];

export function isMutatorName(name: string): name is MutatorName {
  return Object.hasOwn(mutators, name);
}
