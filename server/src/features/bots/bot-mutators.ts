import { assertNever } from '@shared/errors';
import { mutators } from '@shared/mutators';
import type { TxContext } from '../../db/tx';
import { cancelRun, retryRun } from '../runs/runs.service';
import { createBot, deleteBot, runBotNow, updateBot } from './bots.service';

export type BotMutatorName =
  'bot.create' | 'bot.update' | 'bot.setEnabled' | 'bot.delete' | 'bot.runNow' | 'run.cancel' | 'run.retry';

/**
 * The bot and run mutators, each with the service its REST route calls (which checks permissions:
 * `bot.setEnabled` is `PATCH …/bots/:botId {enabled}` and needs bots.toggle). Push passes no clock,
 * so the wall clock stamps what it changes.
 */
export async function runBotMutator(
  c: TxContext,
  orgId: string,
  name: BotMutatorName,
  args: unknown,
  now: Date = new Date(),
): Promise<unknown> {
  switch (name) {
    case 'bot.create':
      return createBot(c, orgId, mutators[name].args.parse(args), now);
    case 'bot.update': {
      const { botId, patch } = mutators[name].args.parse(args);
      return updateBot(c, orgId, botId, patch, now);
    }
    case 'bot.setEnabled': {
      const { botId, enabled } = mutators[name].args.parse(args);
      await updateBot(c, orgId, botId, { enabled }, now);
      return {};
    }
    case 'bot.delete':
      await deleteBot(c, orgId, mutators[name].args.parse(args).botId, now);
      return {};
    case 'bot.runNow':
      return runBotNow(c, orgId, mutators[name].args.parse(args).botId, now);
    case 'run.cancel':
      return cancelRun(c, orgId, mutators[name].args.parse(args).runId, now);
    case 'run.retry':
      return retryRun(c, orgId, mutators[name].args.parse(args).runId, now);
    default:
      return assertNever(name);
  }
}
