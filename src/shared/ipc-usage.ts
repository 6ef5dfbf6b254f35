import { z } from 'zod';
import { idSchema, isoDateSchema } from './schemas/common';
import { alertEventSchema, alertRuleSchema, creditAccountSchema, daySchema } from './schemas/usage';

/** Consumption summed per calendar bucket (UTC): a day, an ISO week starting Monday, a month. */
export const usageGranularitySchema = z.enum(['day', 'week', 'month']);
export type UsageGranularity = z.infer<typeof usageGranularitySchema>;

const usedOfLimit = z.object({ used: z.number().int().nonnegative(), limit: z.number().int().nullable() });

/** What the Overview and the tray know about an org's credits, from the local copy. */
export const usageSummarySchema = z.object({
  /** null: this device holds no credit account for the org (no `usage.read`, or not synced yet). */
  account: creditAccountSchema.nullable(),
  /** Average credits consumed a day in the period so far (today counts as a day begun). */
  burnPerDay: z.number().nonnegative(),
  /** The day the balance reaches zero at that burn rate; null when nothing is burning or it lasts past the period. */
  projectedEmptyOn: daySchema.nullable(),
  /** Every day of the period up to today, zeros included, for the chart. */
  periodDays: z.array(z.object({ day: daySchema, credits: z.number(), runs: z.number().int() })),
  /** The enabled rule the balance is below now, the strictest first; null when none. */
  lowRule: alertRuleSchema.nullable(),
  seats: usedOfLimit,
  bots: usedOfLimit,
  /** This person silenced the org's alerts on this device (the tray warning and notifications). */
  muted: z.boolean(),
});
export type UsageSummary = z.infer<typeof usageSummarySchema>;

export const usageRangeInputSchema = z
  .object({
    orgId: idSchema,
    granularity: usageGranularitySchema,
    /** First and last day, both inclusive. */
    from: daySchema,
    to: daySchema,
  })
  .refine((r) => r.from <= r.to, 'The range ends before it starts');
export type UsageRangeInput = z.infer<typeof usageRangeInputSchema>;

const usageTotals = { credits: z.number(), runs: z.number().int() };

/** The Platform Usage page: consumption over time, by bot and by trigger, for a range. */
export const usageBreakdownSchema = z.object({
  /** One per bucket of the range, empty buckets included, oldest first; `start` is the bucket's first day. */
  buckets: z.array(z.object({ start: daySchema, ...usageTotals })),
  /** Most credits first. */
  byBot: z.array(z.object({ botId: idSchema, botName: z.string(), ...usageTotals })),
  /** Most credits first; `triggerId` null: runs started by a person, a retry or a runner. */
  byTrigger: z.array(
    z.object({ triggerId: idSchema.nullable(), label: z.string(), botName: z.string(), ...usageTotals }),
  ),
  totals: z.object(usageTotals),
});
export type UsageBreakdown = z.infer<typeof usageBreakdownSchema>;

/** One org's line in the tray menu. */
export const trayOrgCreditsSchema = z.object({
  orgId: idSchema,
  name: z.string(),
  balance: z.number(),
  low: z.boolean(),
});
export type TrayOrgCredits = z.infer<typeof trayOrgCreditsSchema>;

const orgRef = z.object({ orgId: idSchema });

/** IPC requests of the usage and alerts pages (spread into ipcMethods). */
export const usageIpcMethods = {
  'usage.summary': { input: orgRef, output: usageSummarySchema },
  'usage.breakdown': { input: usageRangeInputSchema, output: usageBreakdownSchema },
  /** The breakdown's buckets per bot and trigger as RFC 4180 CSV (one row per bucket × bot × trigger). */
  'usage.exportCsv': {
    input: usageRangeInputSchema,
    output: z.object({ csv: z.string(), count: z.number().int().nonnegative() }),
  },
  /** The org's alert rules (pending local changes applied), the strictest threshold first. */
  'alerts.rules': { input: orgRef, output: z.array(alertRuleSchema) },
  /** Alert events newest first. */
  'alerts.events': {
    input: orgRef.extend({ limit: z.number().int().min(1).max(500).default(50) }),
    output: z.array(alertEventSchema.extend({ notifiedAt: isoDateSchema.nullable() })),
  },
  /** Silences (or un-silences) the org's alerts on this device. */
  'alerts.setMuted': { input: orgRef.extend({ muted: z.boolean() }), output: z.object({ muted: z.boolean() }) },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
