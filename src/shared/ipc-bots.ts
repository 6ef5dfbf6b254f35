import { z } from 'zod';
import { idSchema } from './schemas/common';
import { botSchema, runSchema, runnerSchema, triggerSchema } from './schemas/automation';

/** What the desktop derives from a bot's local runs (counted in SQLite, no run rows sent). */
export const botFiguresSchema = z.object({
  /** Runs queued since local midnight. */
  runsToday: z.number().int().nonnegative(),
  /** Runs queued in the last 30 days. */
  runs30d: z.number().int().nonnegative(),
  succeeded30d: z.number().int().nonnegative(),
  failed30d: z.number().int().nonnegative(),
  /** Succeeded ÷ (succeeded + failed) over the last 30 days, 0–1; null without a finished run. Cancelled runs do not count. */
  successRate30d: z.number().min(0).max(1).nullable(),
  credits30d: z.number().nonnegative(),
});
export type BotFigures = z.infer<typeof botFiguresSchema>;

export const botWithFiguresSchema = z.object({ bot: botSchema, figures: botFiguresSchema });
export type BotWithFigures = z.infer<typeof botWithFiguresSchema>;

/** A bot's detail page: configuration, triggers, the runners serving it, recent runs, figures. */
export const botDetailSchema = botWithFiguresSchema.extend({
  triggers: z.array(triggerSchema),
  runners: z.array(runnerSchema),
  /** The latest 20 local runs, newest first. */
  recentRuns: z.array(runSchema),
});
export type BotDetail = z.infer<typeof botDetailSchema>;

/** A trigger with the name of its bot (null when the bot is not on this device). */
export const triggerWithBotSchema = z.object({ trigger: triggerSchema, botName: z.string().nullable() });
export type TriggerWithBot = z.infer<typeof triggerWithBotSchema>;

/** Live progress of a run, forwarded from the server's `run.progress` signal (never stored). */
export const runProgressEventSchema = z.object({
  orgId: idSchema,
  runId: idSchema,
  botId: idSchema,
  progress: z.number().min(0).max(100),
  step: z.string().max(80).nullable(),
});
export type RunProgressEvent = z.infer<typeof runProgressEventSchema>;

const orgRef = z.object({ orgId: idSchema });

/** IPC requests of the bots, runners and triggers pages (spread into ipcMethods). */
export const botIpcMethods = {
  /** The org's bots by name, each with its figures from the local runs. */
  'bots.list': { input: orgRef, output: z.array(botWithFiguresSchema) },
  /** One bot; `not_found` when it is not on this device. */
  'bots.get': { input: z.object({ orgId: idSchema, botId: idSchema }), output: botDetailSchema },
  /** Every trigger of the org by name, with its bot's name. */
  'triggers.list': { input: orgRef, output: z.array(triggerWithBotSchema) },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
