import { z } from 'zod';
import { idSchema, isoDateSchema } from './schemas/common';
import { runSchema, runStatusSchema } from './schemas/automation';

/** Filters of the run history; dates bound `queuedAt` (both ends inclusive), `text` searches error and log. */
export const runHistoryFiltersSchema = z.object({
  botId: idSchema.optional(),
  status: runStatusSchema.optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  /** The person's words; the desktop quotes them itself, so no search syntax reaches SQLite. */
  text: z.string().max(200).optional(),
});
export type RunHistoryFilters = z.infer<typeof runHistoryFiltersSchema>;

export const runSortKeys = ['queuedAt', 'durationMs', 'credits'] as const;
export const runHistorySortSchema = z.object({
  key: z.enum(runSortKeys),
  dir: z.enum(['asc', 'desc']),
});
export type RunHistorySort = z.infer<typeof runHistorySortSchema>;
export const defaultRunSort: RunHistorySort = { key: 'queuedAt', dir: 'desc' };

/** Errors shown in the table are cut to this many characters; the drawer shows the whole run. */
export const RUN_ERROR_PREVIEW_CHARS = 240;

/** One row of the history table (no log or data: those come with `runs.get`). */
export const runSummarySchema = runSchema
  .pick({
    id: true,
    botId: true,
    botName: true,
    triggerId: true,
    actorId: true,
    startedBy: true,
    status: true,
    queuedAt: true,
    startedAt: true,
    finishedAt: true,
    durationMs: true,
    credits: true,
    error: true,
  })
  .extend({
    /** `server`: an older run fetched for this view, beyond what this device keeps. */
    source: z.enum(['local', 'server']),
  });
export type RunSummary = z.infer<typeof runSummarySchema>;

/**
 * Whether older runs than this device keeps can be shown: `more` (ask by scrolling past the end),
 * `offline` (they need a connection), `end` (the server has none older), `unsupported` (only the
 * newest-first order reaches past the local window).
 */
export const olderRunsStateSchema = z.enum(['more', 'offline', 'end', 'unsupported']);
export type OlderRunsState = z.infer<typeof olderRunsStateSchema>;

/** A window of the history by row index, with what the virtualized table needs to size itself. */
export const runWindowSchema = z.object({
  offset: z.number().int().nonnegative(),
  rows: z.array(runSummarySchema),
  /** Rows the view holds now: the local matches, then older runs fetched from the server. */
  total: z.number().int().nonnegative(),
  localTotal: z.number().int().nonnegative(),
  /**
   * The words matched more runs than the search reads: only the newest matches are shown and
   * `total` is a lower bound. The person narrows the search to see the rest.
   */
  textCapped: z.boolean(),
  older: olderRunsStateSchema,
  /** Why fetching older runs failed the last time (other than being offline), if it did. */
  olderError: z.string().nullable(),
});
export type RunWindow = z.infer<typeof runWindowSchema>;

export const RUN_WINDOW_MAX = 500;

export const runQueryInputSchema = z.object({
  orgId: idSchema,
  filters: runHistoryFiltersSchema,
  sort: runHistorySortSchema,
  offset: z.number().int().min(0).max(100_000_000),
  limit: z.number().int().min(1).max(RUN_WINDOW_MAX),
});
export type RunQueryInput = z.infer<typeof runQueryInputSchema>;

const runRef = z.object({ orgId: idSchema, runId: idSchema });

/** IPC requests of the run history pages (spread into ipcMethods). */
export const runIpcMethods = {
  /**
   * A window of the filtered, sorted history. Rows past the local ones are older runs fetched
   * from the server (newest-first order only, online only); asking for them fetches the next page.
   */
  'runs.query': { input: runQueryInputSchema, output: runWindowSchema },
  /** One run with its log and data: local first, else an older run fetched for the view, else the server. */
  'runs.get': { input: runRef, output: runSchema },
  /** The bots that may appear in the history, by name (for the filter). */
  'runs.bots': {
    input: z.object({ orgId: idSchema }),
    output: z.array(z.object({ id: idSchema, name: z.string() })),
  },
  /** The filtered view as RFC 4180 CSV: the local matches and the older runs fetched so far. */
  'runs.exportCsv': {
    input: z.object({ orgId: idSchema, filters: runHistoryFiltersSchema, sort: runHistorySortSchema }),
    output: z.object({ csv: z.string(), count: z.number().int().nonnegative() }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
