import { z } from 'zod';
import { assertNever } from '@shared/errors';
import { mutators } from '@shared/mutators';
import type { MutatorArgs, MutatorName, OptimisticMutatorName } from '@shared/mutators';

type OnlineName = Exclude<MutatorName, OptimisticMutatorName>;

/** Online mutators of the automation assets (API keys, bots, runs, triggers) and of usage (credits, plan, alerts). */
export type AutomationMutatorName = Extract<
  OnlineName,
  | `apiKey.${string}`
  | `bot.${string}`
  | `run.${string}`
  | `trigger.${string}`
  | `credits.${string}`
  | `plan.${string}`
  | `alertRule.${string}`
>;

const automationPrefixes = ['apiKey.', 'bot.', 'run.', 'trigger.', 'credits.', 'plan.', 'alertRule.'];

export function isAutomationMutator(name: OnlineName): name is AutomationMutatorName {
  return automationPrefixes.some((p) => name.startsWith(p));
}

/** What a REST call needs: the signed-in client, the encoded org id. */
export type RestCall = <T>(
  method: 'POST' | 'PATCH' | 'DELETE',
  path: string,
  schema: z.ZodType<T>,
  body?: unknown,
) => Promise<T>;

const id = (value: string) => encodeURIComponent(value);

/** Calls the REST route of an automation mutator under `/v1/orgs/:orgId`; answers its result. */
export async function dispatchAutomation(
  call: RestCall,
  org: string,
  name: AutomationMutatorName,
  raw: unknown,
): Promise<unknown> {
  const base = `/v1/orgs/${org}`;
  switch (name) {
    case 'apiKey.create':
      return call('POST', `${base}/api-keys`, mutators[name].result, raw);
    case 'apiKey.revoke': {
      const { keyId } = raw as MutatorArgs<'apiKey.revoke'>;
      await call('DELETE', `${base}/api-keys/${id(keyId)}`, mutators[name].result);
      return {};
    }
    case 'bot.create':
      return call('POST', `${base}/bots`, mutators[name].result, raw);
    case 'bot.update': {
      const { botId, patch } = raw as MutatorArgs<'bot.update'>;
      return call('PATCH', `${base}/bots/${id(botId)}`, mutators[name].result, patch);
    }
    case 'bot.delete': {
      const { botId } = raw as MutatorArgs<'bot.delete'>;
      await call('DELETE', `${base}/bots/${id(botId)}`, mutators[name].result);
      return {};
    }
    case 'bot.runNow': {
      const { botId } = raw as MutatorArgs<'bot.runNow'>;
      return call('POST', `${base}/bots/${id(botId)}/runs`, mutators[name].result, {});
    }
    case 'run.cancel':
    case 'run.retry': {
      const { runId } = raw as MutatorArgs<'run.cancel'>;
      const action = name === 'run.cancel' ? 'cancel' : 'retry';
      return call('POST', `${base}/runs/${id(runId)}/${action}`, mutators[name].result, {});
    }
    case 'trigger.create':
      return call('POST', `${base}/triggers`, mutators[name].result, raw);
    case 'trigger.update': {
      const { triggerId, patch } = raw as MutatorArgs<'trigger.update'>;
      return call('PATCH', `${base}/triggers/${id(triggerId)}`, mutators[name].result, patch);
    }
    case 'trigger.delete': {
      const { triggerId } = raw as MutatorArgs<'trigger.delete'>;
      await call('DELETE', `${base}/triggers/${id(triggerId)}`, mutators[name].result);
      return {};
    }
    case 'trigger.rotateSecret': {
      const { triggerId } = raw as MutatorArgs<'trigger.rotateSecret'>;
      return call('POST', `${base}/triggers/${id(triggerId)}/rotate-secret`, mutators[name].result, {});
    }
    case 'credits.topUp':
      await call('POST', `${base}/credits/top-ups`, z.unknown(), raw);
      return {};
    case 'plan.change':
      return call('PATCH', `${base}/plan`, mutators[name].result, raw);
    case 'alertRule.create':
      return call('POST', `${base}/alert-rules`, mutators[name].result, raw);
    case 'alertRule.update': {
      const { ruleId, patch } = raw as MutatorArgs<'alertRule.update'>;
      return call('PATCH', `${base}/alert-rules/${id(ruleId)}`, mutators[name].result, patch);
    }
    case 'alertRule.delete': {
      const { ruleId } = raw as MutatorArgs<'alertRule.delete'>;
      await call('DELETE', `${base}/alert-rules/${id(ruleId)}`, z.unknown());
      return {};
    }
    default:
      return assertNever(name);
  }
}
