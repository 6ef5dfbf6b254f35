import { formatCredits } from '@shared/alert-crossing';
import { assertNever } from '@shared/errors';
import type { UsageGranularity } from '@shared/ipc-usage';
import type { CreditAccount } from '@shared/schemas/usage';
import { addDays, bucketLabel, dayOf } from '@shared/usage-calendar';

// Words and ranges of the Platform Usage page, pure so they are tested without a window.

/** "1 credit", "1,234.5 credits", "−20 credits". */
export function creditsText(n: number): string {
  return `${formatCredits(n).replace('-', '−')} ${Math.abs(n) === 1 ? 'credit' : 'credits'}`;
}

/** A calendar day as people read it: "Dec 19". */
export function dayText(day: string): string {
  return bucketLabel(day, 'day');
}

/** The period's last day (its end is the exclusive start of the next one). */
export function periodLastDay(account: Pick<CreditAccount, 'periodEnd'>): string {
  return dayOf(new Date(Date.parse(account.periodEnd) - 1));
}

/** "Dec 1 – Dec 31". */
export function periodText(account: Pick<CreditAccount, 'periodStart' | 'periodEnd'>): string {
  return `${dayText(dayOf(account.periodStart))} – ${dayText(periodLastDay(account))}`;
}

/** "Dec 1 – Dec 14"; with years when the range crosses one: "Apr 1, 2025 – Mar 10, 2026". */
export function rangeText(range: { from: string; to: string }): string {
  if (range.from === range.to) return dayText(range.from);
  if (range.from.slice(0, 4) === range.to.slice(0, 4)) return `${dayText(range.from)} – ${dayText(range.to)}`;
  return `${dayText(range.from)}, ${range.from.slice(0, 4)} – ${dayText(range.to)}, ${range.to.slice(0, 4)}`;
}

type Policy = Pick<CreditAccount, 'balance' | 'overdraftPolicy' | 'graceCredits'>;

/** What happens at zero under the plan's overdraft policy, in one sentence. */
export function overdraftText(account: Policy): string {
  return account.overdraftPolicy === 'hard_stop'
    ? 'At 0 credits new runs are refused.'
    : `Past 0, runs continue down to ${creditsText(-account.graceCredits)}; then new runs are refused.`;
}

export type Forecast = { tone: 'ok' | 'warning' | 'empty'; text: string };

/** When the balance runs out at this pace (as of `today`), following the overdraft policy once it has. */
export function forecastOf(account: Policy, projectedEmptyOn: string | null, today: string): Forecast {
  if (account.balance <= 0) {
    const refused = account.overdraftPolicy === 'hard_stop' || account.balance <= -account.graceCredits;
    return refused
      ? { tone: 'empty', text: 'Credits are used up: new runs are refused' }
      : { tone: 'empty', text: `Credits are used up: runs continue until ${creditsText(-account.graceCredits)}` };
  }
  if (projectedEmptyOn === today) return { tone: 'warning', text: 'Runs out today at this pace' };
  if (projectedEmptyOn) return { tone: 'warning', text: `Runs out around ${dayText(projectedEmptyOn)} at this pace` };
  return { tone: 'ok', text: 'Lasts past this period' };
}

export type RangeKey = 'period' | 'last30' | 'last90' | 'last12m';

export const rangeLabels = {
  period: 'This period',
  last30: 'Last 30 days',
  last90: 'Last 90 days',
  last12m: 'Last 12 months',
} as const satisfies Record<RangeKey, string>;

/** Enough buckets to show a trend without bars too thin to read. */
export const defaultRange = {
  day: 'period',
  week: 'last90',
  month: 'last12m',
} as const satisfies Record<UsageGranularity, RangeKey>;

export type DayRange = { from: string; to: string };

/** A range's first and last day (inclusive) as of `today`; "this period" needs the credit account. */
export function rangeOf(
  key: RangeKey,
  today: string,
  account: Pick<CreditAccount, 'periodStart' | 'periodEnd'> | null,
): DayRange {
  switch (key) {
    case 'period': {
      if (!account) return rangeOf('last30', today, null);
      const last = periodLastDay(account);
      return { from: dayOf(account.periodStart), to: last < today ? last : today };
    }
    case 'last30':
      return { from: addDays(today, -29), to: today };
    case 'last90':
      return { from: addDays(today, -89), to: today };
    case 'last12m': {
      const d = new Date(`${today}T00:00:00Z`);
      return { from: dayOf(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 11, 1))), to: today };
    }
    default:
      return assertNever(key);
  }
}

/** A part of a total as a rounded percentage: "42%", "<1%" for a sliver, "0%" for nothing. */
export function shareText(part: number, total: number): string {
  if (total <= 0 || part <= 0) return '0%';
  const percent = (part / total) * 100;
  return percent < 1 ? '<1%' : `${Math.round(percent)}%`;
}
