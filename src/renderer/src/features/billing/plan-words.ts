import { formatCredits as formatNumber } from '@shared/alert-crossing';
import type { Plan } from '@shared/plans';
import { creditsText } from '@renderer/features/usage/usage-format';

export type PlanLimit = 'seats' | 'bots' | 'credits' | 'api' | 'retention' | 'overdraft';

/** Each limit a plan sets, named and in words, in the order the Billing page lists them. */
export function planLimits(plan: Plan): { key: PlanLimit; label: string; value: string }[] {
  return [
    { key: 'seats', label: 'Seats', value: countOrUnlimited(plan.seats, 'seat') },
    { key: 'bots', label: 'Bots', value: countOrUnlimited(plan.bots, 'bot') },
    { key: 'credits', label: 'Monthly credits', value: creditsText(plan.monthlyCredits) },
    {
      key: 'api',
      label: 'API requests a minute, per key',
      value: `${formatNumber(plan.apiRequestsPerMinute.standard)} standard · ${formatNumber(
        plan.apiRequestsPerMinute.ai_agent,
      )} AI agent`,
    },
    { key: 'retention', label: 'Run history kept', value: `${formatNumber(plan.runRetentionDays)} days` },
    { key: 'overdraft', label: 'At zero credits', value: overdraftInWords(plan) },
  ];
}

function countOrUnlimited(limit: number | null, unit: string): string {
  return limit === null ? `Unlimited ${unit}s` : `${formatNumber(limit)} ${limit === 1 ? unit : `${unit}s`}`;
}

/** "New runs stop at zero", or "Runs continue down to 100 credits below zero". */
export function overdraftInWords(plan: Pick<Plan, 'overdraft'>): string {
  return plan.overdraft.policy === 'hard_stop'
    ? 'New runs stop at zero'
    : `Runs continue down to ${creditsText(plan.overdraft.credits)} below zero`;
}

export const offlineHint = 'Needs a connection to the server: you are offline';
