import { z } from 'zod';
import { idSchema, isoDateSchema } from './common';
import { planKeySchema } from './org';

/**
 * Credits and usage alerts: the organization's credit account, daily usage rollups, alert rules and
 * alert events as desktops store them, and the bodies of their routes and mutators.
 */

/** A calendar day in UTC, `YYYY-MM-DD`. */
export const daySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD');

/** The org's credit account (one per org, id = org id; to members with `usage.read`). */
export const creditAccountSchema = z.object({
  id: idSchema,
  orgId: idSchema,
  plan: planKeySchema,
  periodStart: isoDateSchema,
  periodEnd: isoDateSchema,
  /** The plan's grant for this period. */
  allowance: z.number(),
  /** The ledger sum: grants + top-ups − consumption. May go below zero only within a grace policy. */
  balance: z.number(),
  consumedThisPeriod: z.number().nonnegative(),
  toppedUpThisPeriod: z.number().nonnegative(),
  /** `hard_stop`: new runs are refused at zero; `grace`: allowed down to −graceCredits. */
  overdraftPolicy: z.enum(['hard_stop', 'grace']),
  graceCredits: z.number().nonnegative(),
  updatedAt: isoDateSchema,
});
export type CreditAccount = z.infer<typeof creditAccountSchema>;

/** Consumption of one day by one bot and trigger (a rollup kept by the server with each debit). */
export const usageDaySchema = z.object({
  id: idSchema,
  orgId: idSchema,
  day: daySchema,
  botId: idSchema,
  botName: z.string(),
  /** null: started without a trigger (run now, retry, a runner). */
  triggerId: idSchema.nullable(),
  credits: z.number().nonnegative(),
  runs: z.number().int().nonnegative(),
});
export type UsageDay = z.infer<typeof usageDaySchema>;

export const alertRuleKinds = ['credits_below', 'percent_below'] as const;
export const alertChannelSchema = z.enum(['desktop', 'email']);

/** Alert rule (to members with `usage.read`; changed by `alerts.manage`). */
export const alertRuleSchema = z.object({
  id: idSchema,
  orgId: idSchema,
  kind: z.enum(alertRuleKinds),
  /** Credits for `credits_below`, percent of the period's allowance for `percent_below`. */
  threshold: z.number().nonnegative(),
  channels: z.array(alertChannelSchema),
  /** Members told; empty means every member with `usage.read`. */
  recipientMemberIds: z.array(idSchema),
  enabled: z.boolean(),
  /** false after it fired, until the balance recovers above the threshold. */
  armed: z.boolean(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type AlertRule = z.infer<typeof alertRuleSchema>;

/** One downward crossing of a rule's threshold. */
export const alertEventSchema = z.object({
  id: idSchema,
  orgId: idSchema,
  ruleId: idSchema,
  kind: z.enum(alertRuleKinds),
  threshold: z.number(),
  balance: z.number(),
  allowance: z.number(),
  /** What the notification says, e.g. "Acme has 180 credits left (18% of 1,000)". */
  message: z.string(),
  at: isoDateSchema,
});
export type AlertEvent = z.infer<typeof alertEventSchema>;

const thresholdSchema = z.number().min(0).max(1_000_000_000);
export const createAlertRuleBodySchema = z
  .object({
    kind: z.enum(alertRuleKinds),
    threshold: thresholdSchema,
    channels: z.array(alertChannelSchema).min(1, 'Choose at least one channel').max(2),
    recipientMemberIds: z.array(idSchema).max(500).default([]),
    enabled: z.boolean().default(true),
  })
  .refine((r) => r.kind !== 'percent_below' || r.threshold <= 100, 'A percentage is at most 100');
export type CreateAlertRuleBody = z.infer<typeof createAlertRuleBodySchema>;
export const alertRulePatchSchema = z
  .object({
    threshold: thresholdSchema,
    channels: z.array(alertChannelSchema).min(1).max(2),
    recipientMemberIds: z.array(idSchema).max(500),
    enabled: z.boolean(),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'Change at least one field');

export const topUpBodySchema = z.object({ credits: z.number().int().min(1).max(10_000_000) });
export const planChangeBodySchema = z.object({ plan: planKeySchema });

/** `GET /v1/orgs/:orgId/usage` and `GET /v1/usage` (API key with usage.read). */
export const usageReportSchema = z.object({
  account: creditAccountSchema,
  days: z.array(z.object({ day: daySchema, credits: z.number(), runs: z.number().int() })),
  bots: z.array(z.object({ botId: idSchema, botName: z.string(), credits: z.number(), runs: z.number().int() })),
  limits: z.object({
    seats: z.object({ used: z.number().int(), limit: z.number().int().nullable() }),
    bots: z.object({ used: z.number().int(), limit: z.number().int().nullable() }),
    apiRequestsPerMinute: z.object({ standard: z.number().int(), ai_agent: z.number().int() }),
    runRetentionDays: z.number().int(),
  }),
});
export type UsageReport = z.infer<typeof usageReportSchema>;
