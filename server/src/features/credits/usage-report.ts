import { and, eq, gte, lte, sql } from 'drizzle-orm';
import { planOf } from '@shared/plans';
import type { UsageReport } from '@shared/schemas/usage';
import { usageDays } from '../../db/schema';
import type { TxContext } from '../../db/tx';
import { planUse } from './credits.service';
import { ensurePeriod } from './ledger';
import { daysBetween, utcDay } from './periods';
import { creditAccountView } from './usage-views';

/**
 * The org's usage this period: the account, consumption per day (every day of the period so far,
 * zeros included), per bot (most credits first), and the plan's limits with their use. Reads the
 * rollups only — never the ledger — so its cost does not grow with the number of runs. Permission
 * checks are the caller's (a member with usage.read, or an API key with that scope).
 */
export async function usageReport(c: TxContext, orgId: string, now: Date): Promise<UsageReport> {
  const account = await ensurePeriod(c, orgId, now);
  const firstDay = utcDay(account.periodStart);
  const lastDay = utcDay(now < account.periodEnd ? now : new Date(account.periodEnd.getTime() - 1));
  const inPeriod = and(eq(usageDays.orgId, orgId), gte(usageDays.day, firstDay), lte(usageDays.day, lastDay));
  const perDay = await c.tx
    .select({
      day: usageDays.day,
      credits: sql<number>`sum(${usageDays.credits})::float8`,
      runs: sql<number>`sum(${usageDays.runs})::int`,
    })
    .from(usageDays)
    .where(inPeriod)
    .groupBy(usageDays.day);
  const perBot = await c.tx
    .select({
      botId: usageDays.botId,
      botName: sql<string>`(array_agg(${usageDays.botName} ORDER BY ${usageDays.day} DESC))[1]`,
      credits: sql<number>`sum(${usageDays.credits})::float8`,
      runs: sql<number>`sum(${usageDays.runs})::int`,
    })
    .from(usageDays)
    .where(inPeriod)
    .groupBy(usageDays.botId);
  const byDay = new Map(perDay.map((d) => [d.day, d]));
  const plan = planOf(account.plan);
  const use = await planUse(c, orgId, now);
  return {
    account: creditAccountView(account),
    days: daysBetween(account.periodStart, new Date(`${lastDay}T00:00:00Z`)).map((day) => ({
      day,
      credits: Number(byDay.get(day)?.credits ?? 0),
      runs: Number(byDay.get(day)?.runs ?? 0),
    })),
    bots: perBot
      .map((b) => ({ botId: b.botId, botName: b.botName, credits: Number(b.credits), runs: Number(b.runs) }))
      .sort((a, b) => b.credits - a.credits || a.botName.localeCompare(b.botName)),
    limits: {
      seats: { used: use.seats, limit: plan.seats },
      bots: { used: use.bots, limit: plan.bots },
      apiRequestsPerMinute: { ...plan.apiRequestsPerMinute },
      runRetentionDays: plan.runRetentionDays,
    },
  };
}
