import type { OrgSummary } from '@shared/ipc';
import type { ApiKeyListItem } from '@shared/ipc-api-keys';
import type { ApiKeyType } from '@shared/schemas/automation';
import { invoke } from '@renderer/lib/api';
import { useAsync } from '@renderer/lib/use-async';
import { useAppStore } from '@renderer/store';

/** The org's API keys from the local copy, re-read on every local change. */
export function useApiKeys(summary: OrgSummary) {
  const orgId = summary.org.id;
  const version = useAppStore((s) => s.dataVersion[orgId] ?? 0);
  return useAsync<ApiKeyListItem[]>(() => invoke('apiKeys.list', { orgId }), `${orgId}:${version}`);
}

export const apiKeyTypeLabels = { standard: 'Standard', ai_agent: 'AI agent' } as const satisfies Record<
  ApiKeyType,
  string
>;

export const keyDateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
