import type { OrgSummary } from '@shared/ipc';
import type { UsageGranularity } from '@shared/ipc-usage';
import type { Member } from '@shared/schemas/org';
import { invoke } from '@renderer/lib/api';
import { canIn } from '@renderer/lib/membership';
import { useAsync } from '@renderer/lib/use-async';
import { useAppStore } from '@renderer/store';
import type { DayRange } from './usage-format';

// Every read of the page comes from the local copy and is re-read on each local change (live sync).

function useVersion(orgId: string): number {
  return useAppStore((s) => s.dataVersion[orgId] ?? 0);
}

/** Balance, burn, projection and the rule the balance is below now. */
export function useUsageSummary(orgId: string) {
  const version = useVersion(orgId);
  return useAsync(() => invoke('usage.summary', { orgId }), `${orgId}:${version}`);
}

/** Consumption of a range by bucket, bot and trigger. */
export function useUsageBreakdown(orgId: string, granularity: UsageGranularity, range: DayRange) {
  const version = useVersion(orgId);
  return useAsync(
    () => invoke('usage.breakdown', { orgId, granularity, ...range }),
    `${orgId}:${version}:${granularity}:${range.from}:${range.to}`,
  );
}

export function useAlertRules(orgId: string) {
  const version = useVersion(orgId);
  return useAsync(() => invoke('alerts.rules', { orgId }), `${orgId}:${version}`);
}

/** How many alert events the page lists. */
export const recentAlertsLimit = 20;

export function useAlertEvents(orgId: string) {
  const version = useVersion(orgId);
  return useAsync(() => invoke('alerts.events', { orgId, limit: recentAlertsLimit }), `${orgId}:${version}`);
}

/**
 * The org's active members, for naming and choosing recipients; read only when `needed` (the list
 * of a large org is long) and only by a member who may read it, else null.
 */
export function useActiveMembers(summary: OrgSummary, needed: boolean) {
  const orgId = summary.org.id;
  const version = useVersion(orgId);
  const mayRead = canIn(summary, 'members.read') && needed;
  return useAsync<Member[] | null>(
    async () => (mayRead ? (await invoke('members.list', { orgId })).filter((m) => m.status === 'active') : null),
    `${orgId}:${version}:${mayRead}`,
  );
}
