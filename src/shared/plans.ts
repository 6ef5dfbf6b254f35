import type { Org } from './schemas/org';

export type PlanKey = Org['plan'];

/** What a plan includes; null is unlimited. The server enforces every limit with `limit_reached`. */
export type Plan = {
  key: PlanKey;
  name: string;
  seats: number | null;
  bots: number | null;
  monthlyCredits: number;
  /** API requests a minute per key, by key type. */
  apiRequestsPerMinute: { standard: number; ai_agent: number };
  runRetentionDays: number;
  /** Consumption past zero: `hard_stop` refuses new runs; `grace` allows this many credits below zero. */
  overdraft: { policy: 'hard_stop' } | { policy: 'grace'; credits: number };
};

/** Plans as data: the only place that knows what each plan includes. */
export const plans = {
  free: {
    key: 'free',
    name: 'Free',
    seats: 5,
    bots: 5,
    monthlyCredits: 1_000,
    apiRequestsPerMinute: { standard: 600, ai_agent: 120 },
    runRetentionDays: 30,
    overdraft: { policy: 'hard_stop' },
  },
  team: {
    key: 'team',
    name: 'Team',
    seats: 25,
    bots: 25,
    monthlyCredits: 10_000,
    apiRequestsPerMinute: { standard: 1_200, ai_agent: 300 },
    runRetentionDays: 90,
    overdraft: { policy: 'grace', credits: 100 },
  },
  business: {
    key: 'business',
    name: 'Business',
    seats: 100,
    bots: 100,
    monthlyCredits: 50_000,
    apiRequestsPerMinute: { standard: 3_000, ai_agent: 600 },
    runRetentionDays: 180,
    overdraft: { policy: 'grace', credits: 500 },
  },
  enterprise: {
    key: 'enterprise',
    name: 'Enterprise',
    seats: null,
    bots: null,
    monthlyCredits: 250_000,
    apiRequestsPerMinute: { standard: 10_000, ai_agent: 2_000 },
    runRetentionDays: 365,
    overdraft: { policy: 'grace', credits: 2_500 },
  },
} as const satisfies Record<PlanKey, Plan>;

export function planOf(key: PlanKey): Plan {
  return plans[key];
}

/** The limits of `plan` that current use exceeds, in words; empty when everything fits (the server decides). */
export function planMisfits(plan: Plan, use: { seats: number; bots: number }): string[] {
  const misfits: string[] = [];
  if (plan.seats !== null && use.seats > plan.seats) {
    misfits.push(`${use.seats} seats are in use (members and pending invitations) and it includes ${plan.seats}`);
  }
  if (plan.bots !== null && use.bots > plan.bots) {
    misfits.push(`the organization has ${use.bots} bots and it includes ${plan.bots}`);
  }
  return misfits;
}
