import type { OrgSummary } from '@shared/ipc';
import type { BotDetail, BotWithFigures } from '@shared/ipc-bots';
import { invoke } from '@renderer/lib/api';
import { useAsync } from '@renderer/lib/use-async';
import { useAppStore } from '@renderer/store';

/** The org's bots with their figures from the local copy, re-read on every local change. */
export function useBots(summary: OrgSummary) {
  const orgId = summary.org.id;
  const version = useAppStore((s) => s.dataVersion[orgId] ?? 0);
  return useAsync<BotWithFigures[]>(() => invoke('bots.list', { orgId }), `${orgId}:${version}`);
}

export function useBotDetail(summary: OrgSummary, botId: string) {
  const orgId = summary.org.id;
  const version = useAppStore((s) => s.dataVersion[orgId] ?? 0);
  return useAsync<BotDetail>(() => invoke('bots.get', { orgId, botId }), `${orgId}:${botId}:${version}`);
}

/** How far the bot's running run is, from live progress signals; null when not running or not heard yet. */
export function useRunProgress(botId: string, running: boolean) {
  const progress = useAppStore((s) => s.runProgress[botId]);
  return running && progress ? progress : null;
}
