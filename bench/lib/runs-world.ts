import { z } from 'zod';
import { botSchema, createdApiKeySchema } from '@shared/schemas/automation';
import type { TestMailbox } from '../../server/src/testing/test-mailbox';
import { api, createOrg, signUp } from './accounts';

/** One simulated runner: its key, runner id and the bot it serves (its own, so runners never share a bot row). */
export type BenchRunner = { key: string; runnerId: string; botId: string; orgId: string };

/**
 * Orgs on the Enterprise plan (its per-key rate limit leaves room for the load), each with its share
 * of the runners: a bot and an API key with runs.execute per runner.
 */
export async function buildRunners(
  url: string,
  mailbox: TestMailbox,
  options: { orgs: number; runners: number; label: string },
): Promise<BenchRunner[]> {
  const runners: BenchRunner[] = [];
  for (let o = 0; o < options.orgs; o += 1) {
    const owner = await signUp(url, mailbox, `${options.label} owner ${o}`);
    const org = await createOrg(url, owner, `${options.label} org ${o}`);
    await api(url, 'PATCH', `/v1/orgs/${org.id}/plan`, z.unknown(), {
      token: owner.token,
      body: { plan: 'enterprise' },
    });
    const share = Math.ceil(options.runners / options.orgs);
    for (let r = 0; r < share && runners.length < options.runners; r += 1) {
      const bot = await api(url, 'POST', `/v1/orgs/${org.id}/bots`, botSchema, {
        token: owner.token,
        body: { name: `Bench bot ${r}`, creditsPerRun: 1, creditsPerMinute: 0.1 },
      });
      const created = await api(url, 'POST', `/v1/orgs/${org.id}/api-keys`, createdApiKeySchema, {
        token: owner.token,
        body: { name: `Bench runner ${r}`, type: 'standard', scopes: ['runs.execute'] },
      });
      runners.push({ key: created.secret, runnerId: `bench-${o}-${r}`, botId: bot.id, orgId: org.id });
    }
  }
  return runners;
}
