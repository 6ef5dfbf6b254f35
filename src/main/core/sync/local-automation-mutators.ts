import { AppError } from '@shared/errors';
import type { MutatorArgs } from '@shared/mutators';
import type { Bot, BotStatus } from '@shared/schemas/automation';
import { runnersServing, visibleAlertRule, visibleBot, visibleTrigger } from '../db/bot-queries';
import type { LocalDb } from '../db/connection';
import { setOverlay } from '../db/mutations';

function requireBot(db: LocalDb, orgId: string, botId: string): Bot {
  const bot = visibleBot(db, orgId, botId);
  if (!bot) throw new AppError('not_found', 'That bot is not in this organization');
  return bot;
}

/**
 * The status a bot shows right after the local toggle: `disabled` at once when turned off; when
 * turned back on, `idle` if an online runner serves it, else `offline` (the server's row follows).
 */
function statusAfterToggle(db: LocalDb, orgId: string, bot: Bot, enabled: boolean): BotStatus {
  if (!enabled) return 'disabled';
  if (bot.status !== 'disabled') return bot.status;
  const served = runnersServing(db, orgId, bot.id).some((r) => r.status === 'online');
  return served ? 'idle' : 'offline';
}

export function checkBotSetEnabled(db: LocalDb, orgId: string, args: MutatorArgs<'bot.setEnabled'>): void {
  requireBot(db, orgId, args.botId);
}

export function applyBotSetEnabled(db: LocalDb, orgId: string, args: MutatorArgs<'bot.setEnabled'>): void {
  const bot = requireBot(db, orgId, args.botId);
  setOverlay(db, 'bot', orgId, {
    ...bot,
    enabled: args.enabled,
    status: statusAfterToggle(db, orgId, bot, args.enabled),
  });
}

export function checkTriggerSetEnabled(db: LocalDb, orgId: string, args: MutatorArgs<'trigger.setEnabled'>): void {
  if (!visibleTrigger(db, orgId, args.triggerId)) {
    throw new AppError('not_found', 'That trigger is not in this organization');
  }
}

export function applyTriggerSetEnabled(db: LocalDb, orgId: string, args: MutatorArgs<'trigger.setEnabled'>): void {
  const trigger = visibleTrigger(db, orgId, args.triggerId);
  if (!trigger) throw new AppError('not_found', 'That trigger is not in this organization');
  setOverlay(db, 'trigger', orgId, { ...trigger, enabled: args.enabled });
}

export function checkAlertRuleSetEnabled(db: LocalDb, orgId: string, args: MutatorArgs<'alertRule.setEnabled'>): void {
  if (!visibleAlertRule(db, orgId, args.ruleId)) {
    throw new AppError('not_found', 'That alert rule is not in this organization');
  }
}

export function applyAlertRuleSetEnabled(db: LocalDb, orgId: string, args: MutatorArgs<'alertRule.setEnabled'>): void {
  const rule = visibleAlertRule(db, orgId, args.ruleId);
  if (!rule) throw new AppError('not_found', 'That alert rule is not in this organization');
  setOverlay(db, 'alertRule', orgId, { ...rule, enabled: args.enabled });
}
