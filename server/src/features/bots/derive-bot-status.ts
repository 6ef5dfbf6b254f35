import type { BotStatus, RunStatus } from '@shared/schemas/automation';
import type { BotRow } from '../../db/schema';

// The bot-status rule alone (no database), shared by the run store's one-statement path and
// refreshBotStatuses.

/** What a bot's status is derived from. */
export type BotFacts = {
  enabled: boolean;
  /** A runner that declares the bot is online. */
  online: boolean;
  running: boolean;
  queued: boolean;
  lastRunStatus: RunStatus | null;
};

/**
 * A bot's status, by precedence: disabled; running while any run of it runs; offline when no online
 * runner serves it (queued runs wait); queued; error when its last finished run failed (until a run
 * succeeds or is queued); else idle.
 */
export function deriveBotStatus(facts: BotFacts): BotStatus {
  if (!facts.enabled) return 'disabled';
  if (facts.running) return 'running';
  if (!facts.online) return 'offline';
  if (facts.queued) return 'queued';
  return facts.lastRunStatus === 'failed' ? 'error' : 'idle';
}

/** Fields a caller writes to the bots together with their status (a finished run's last-run fields). */
export type BotRunFields = Partial<Pick<BotRow, 'lastRunId' | 'lastRunStatus' | 'lastRunAt'>>;
