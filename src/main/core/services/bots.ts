import { AppError } from '@shared/errors';
import type { BotDetail, BotFigures, BotWithFigures, TriggerWithBot } from '@shared/ipc-bots';
import { listBots, listTriggers, recentRunsOf, runAggregates, runnersServing, visibleBot } from '../db/bot-queries';
import type { RunAggregate } from '../db/bot-queries';
import type { LocalDb } from '../db/connection';
import { requireReady } from './orgs';

const dayMs = 86_400_000;
const recentRunCount = 20;

/** The instants the figures count from: local midnight, and 30 days back. */
export function figureWindows(now: Date): { today: string; last30d: string } {
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  return { today: midnight.toISOString(), last30d: new Date(now.getTime() - 30 * dayMs).toISOString() };
}

/** Figures of one bot from its aggregates of today and of the last 30 days. */
export function figuresOf(today: RunAggregate | undefined, month: RunAggregate | undefined): BotFigures {
  const succeeded = month?.succeeded ?? 0;
  const failed = month?.failed ?? 0;
  return {
    runsToday: today?.runs ?? 0,
    runs30d: month?.runs ?? 0,
    succeeded30d: succeeded,
    failed30d: failed,
    successRate30d: succeeded + failed === 0 ? null : succeeded / (succeeded + failed),
    // Summed in floating point by SQLite: round away the drift a credit figure must not show.
    credits30d: Math.round((month?.credits ?? 0) * 1000) / 1000,
  };
}

/** The org's bots with their figures: two grouped SQL aggregates, whatever the number of runs. */
export function botsOf(db: LocalDb, orgId: string, now = new Date()): BotWithFigures[] {
  requireReady(db, orgId);
  const windows = figureWindows(now);
  const today = new Map(runAggregates(db, orgId, windows.today).map((a) => [a.botId, a]));
  const month = new Map(runAggregates(db, orgId, windows.last30d).map((a) => [a.botId, a]));
  return listBots(db, orgId).map((bot) => ({ bot, figures: figuresOf(today.get(bot.id), month.get(bot.id)) }));
}

export function botDetailOf(db: LocalDb, orgId: string, botId: string, now = new Date()): BotDetail {
  requireReady(db, orgId);
  const bot = visibleBot(db, orgId, botId);
  if (!bot) throw new AppError('not_found', 'That bot is not in this organization (or has not synced yet)');
  const windows = figureWindows(now);
  const [today] = runAggregates(db, orgId, windows.today, botId);
  const [month] = runAggregates(db, orgId, windows.last30d, botId);
  return {
    bot,
    figures: figuresOf(today, month),
    triggers: listTriggers(db, orgId, botId),
    runners: runnersServing(db, orgId, botId),
    recentRuns: recentRunsOf(db, orgId, botId, recentRunCount),
  };
}

export function triggersOf(db: LocalDb, orgId: string): TriggerWithBot[] {
  requireReady(db, orgId);
  const names = new Map(listBots(db, orgId).map((b) => [b.id, b.name]));
  return listTriggers(db, orgId).map((trigger) => ({ trigger, botName: names.get(trigger.botId) ?? null }));
}
