import { formatCredits as formatNumber } from '@shared/alert-crossing';

/** "3 of 5", or "3 · unlimited" when the plan sets no limit. */
export function usedOfLimit({ used, limit }: { used: number; limit: number | null }): string {
  return limit === null ? `${formatNumber(used)} · unlimited` : `${formatNumber(used)} of ${formatNumber(limit)}`;
}
