import { z } from 'zod';

// What the bench children print (see result-line.ts), checked where the parent reads it.

export const coreStartResultSchema = z.object({
  entryAtMs: z.number(),
  importMs: z.number(),
  portsMs: z.number(),
  createCoreMs: z.number(),
  firstAnswersMs: z.number(),
  readyAtMs: z.number(),
  rssReadyMb: z.number(),
  rssSettledMb: z.number(),
  heapUsedSettledMb: z.number(),
  peakRssMb: z.number(),
  sessionStatus: z.string(),
  orgState: z.string(),
});
/** One cold core start; times in ms, `*AtMs` counted from the child's process start. */
export type CoreStartResult = z.infer<typeof coreStartResultSchema>;

export const stepTimingSchema = z.object({ label: z.string(), ms: z.number(), note: z.string().optional() });
export type StepTiming = z.infer<typeof stepTimingSchema>;
export const stepTimingsSchema = z.array(stepTimingSchema);

/** What the reference process (`node -e`) reports: its first statement's time and its RSS there. */
export const entryResultSchema = z.object({ entryAtMs: z.number(), rssMb: z.number() });
export type EntryResult = z.infer<typeof entryResultSchema>;
