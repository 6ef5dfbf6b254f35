import type { OrgSummary } from '@shared/ipc';
import type { TriggerWithBot } from '@shared/ipc-bots';
import type { Bot } from '@shared/schemas/automation';
import { invoke } from '@renderer/lib/api';
import { canIn } from '@renderer/lib/membership';
import { useAsync } from '@renderer/lib/use-async';
import { useAppStore } from '@renderer/store';

export type TriggersData = { triggers: TriggerWithBot[]; bots: Bot[] };

/** The org's triggers (with bot names) and its bots (to pick from), re-read on every local change. */
export function useTriggers(summary: OrgSummary) {
  const orgId = summary.org.id;
  const version = useAppStore((s) => s.dataVersion[orgId] ?? 0);
  const mayReadBots = canIn(summary, 'bots.read');
  return useAsync<TriggersData>(async () => {
    const [triggers, bots] = await Promise.all([
      invoke('triggers.list', { orgId }),
      mayReadBots ? invoke('bots.list', { orgId }) : Promise.resolve([]),
    ]);
    return { triggers, bots: bots.map((b) => b.bot) };
  }, `${orgId}:${version}:${mayReadBots}`);
}
