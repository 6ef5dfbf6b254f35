/** A bot's pricing. */
export type Pricing = { creditsPerRun: number; creditsPerMinute: number };

/**
 * What a run costs: the bot's per-run price plus its per-minute price times the server-measured
 * duration in minutes (fractions count), rounded to the 4 decimals the ledger keeps. Never taken
 * from the runner.
 */
export function runCredits(pricing: Pricing, durationMs: number): number {
  const minutes = Math.max(0, durationMs) / 60_000;
  return Math.round((pricing.creditsPerRun + pricing.creditsPerMinute * minutes) * 10_000) / 10_000;
}

/** Server-measured milliseconds between start and finish. */
export function measuredMs(startedAt: Date, finishedAt: Date): number {
  return Math.max(0, finishedAt.getTime() - startedAt.getTime());
}
