import { ruleLimit } from '@shared/alert-crossing';
import { AppError } from '@shared/errors';
import type { TrayOrgCredits, UsageBreakdown, UsageRangeInput, UsageSummary } from '@shared/ipc-usage';
import { planOf } from '@shared/plans';
import type { AlertRule, CreditAccount, UsageDay } from '@shared/schemas/usage';
import { addDays, bucketStart, bucketStarts, dayOf, daysBetween } from '@shared/usage-calendar';
import { listBots, listTriggers } from '../db/bot-queries';
import type { LocalDb } from '../db/connection';
import { countMembers, listPendingInvitations } from '../db/queries';
import {
  getCreditAccount,
  listAlertEvents,
  listAlertRules,
  listAllAlertRules,
  listCreditAccounts,
  usageDaysBetween,
} from '../db/usage-queries';
import type { NoticedAlertEvent } from '../db/usage-queries';
import type { PrefsStore } from '../ports';
import { csvDocument, csvRecord } from './csv';
import { getOrg, listOrgs, requireReady } from './orgs';

/** The longest range the Usage page asks for at once (three years of days). */
export const MAX_USAGE_RANGE_DAYS = 1_100;

/** The enabled rule the balance is below now, the strictest (lowest limit) first; null when none. */
export function lowRuleOf(account: CreditAccount, rules: readonly AlertRule[]): AlertRule | null {
  const below = rules
    .filter((r) => r.enabled && account.balance < ruleLimit(r, account.allowance))
    .sort((a, b) => ruleLimit(a, account.allowance) - ruleLimit(b, account.allowance));
  return below[0] ?? null;
}

/** The org's rules, the strictest (lowest limit in credits at the current allowance) first. */
export function alertRulesOf(db: LocalDb, orgId: string): AlertRule[] {
  requireReady(db, orgId);
  const allowance = getCreditAccount(db, orgId)?.allowance ?? 0;
  return listAlertRules(db, orgId).sort(
    (a, b) => ruleLimit(a, allowance) - ruleLimit(b, allowance) || a.createdAt.localeCompare(b.createdAt),
  );
}

export function alertEventsOf(db: LocalDb, orgId: string, limit: number): NoticedAlertEvent[] {
  requireReady(db, orgId);
  return listAlertEvents(db, orgId, limit);
}

export function isMuted(prefs: PrefsStore, orgId: string): boolean {
  return prefs.get('mutedOrgIds').includes(orgId);
}

export function setMuted(prefs: PrefsStore, orgId: string, muted: boolean): boolean {
  const others = prefs.get('mutedOrgIds').filter((id) => id !== orgId);
  prefs.set('mutedOrgIds', muted ? [...others, orgId] : others);
  return muted;
}

/** Balance, burn, projection, the period's chart and the plan's limits in use, from the local copy. */
export function usageSummaryOf(db: LocalDb, prefs: PrefsStore, orgId: string, now = new Date()): UsageSummary {
  requireReady(db, orgId);
  const { org } = getOrg(db, orgId);
  const plan = planOf(org.plan);
  const seats = countMembers(db, orgId).active + listPendingInvitations(db, orgId).filter((i) => live(i, now)).length;
  const limits = {
    seats: { used: seats, limit: plan.seats },
    bots: { used: listBots(db, orgId).length, limit: plan.bots },
  };
  const account = getCreditAccount(db, orgId);
  const muted = isMuted(prefs, orgId);
  if (!account)
    return { account, burnPerDay: 0, projectedEmptyOn: null, periodDays: [], lowRule: null, ...limits, muted };
  const today = dayOf(now);
  const first = dayOf(account.periodStart);
  const last = minDay(today, dayOf(new Date(Date.parse(account.periodEnd) - 1)));
  const periodDays = dailySeries(usageDaysBetween(db, orgId, first, last), first, last);
  const elapsedDays = Math.max(1, Math.ceil((now.getTime() - Date.parse(account.periodStart)) / 86_400_000));
  const burnPerDay = account.consumedThisPeriod / elapsedDays;
  return {
    account,
    burnPerDay,
    projectedEmptyOn: projectEmpty(account, burnPerDay, now),
    periodDays,
    lowRule: lowRuleOf(account, listAlertRules(db, orgId)),
    ...limits,
    muted,
  };
}

function live(invitation: { expiresAt: string }, now: Date): boolean {
  return Date.parse(invitation.expiresAt) > now.getTime();
}

const minDay = (a: string, b: string) => (a < b ? a : b);

function dailySeries(rows: readonly UsageDay[], first: string, last: string): UsageSummary['periodDays'] {
  const byDay = new Map<string, { credits: number; runs: number }>();
  for (const r of rows) {
    const sum = byDay.get(r.day) ?? { credits: 0, runs: 0 };
    byDay.set(r.day, { credits: sum.credits + r.credits, runs: sum.runs + r.runs });
  }
  const days: UsageSummary['periodDays'] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) days.push({ day: d, ...(byDay.get(d) ?? { credits: 0, runs: 0 }) });
  return days;
}

/** The day the balance reaches zero at this burn; today when it already has; null past the period. */
function projectEmpty(account: CreditAccount, burnPerDay: number, now: Date): string | null {
  if (account.balance <= 0) return dayOf(now);
  if (burnPerDay <= 0) return null;
  const at = new Date(now.getTime() + (account.balance / burnPerDay) * 86_400_000);
  return at.getTime() >= Date.parse(account.periodEnd) ? null : dayOf(at);
}

function requireRange(db: LocalDb, input: UsageRangeInput): void {
  requireReady(db, input.orgId);
  if (daysBetween(input.from, input.to) > MAX_USAGE_RANGE_DAYS) {
    throw new AppError(
      'validation_failed',
      `Choose a range of at most ${MAX_USAGE_RANGE_DAYS.toLocaleString('en-US')} days`,
    );
  }
}

const manualLabel = 'Run now, retries and runners';

/** Consumption of a range by bucket, bot and trigger (empty buckets included). */
export function usageBreakdownOf(db: LocalDb, input: UsageRangeInput): UsageBreakdown {
  requireRange(db, input);
  const rows = usageDaysBetween(db, input.orgId, input.from, input.to);
  const buckets = new Map(bucketStarts(input.from, input.to, input.granularity).map((s) => [s, zero()]));
  const bots = new Map<string, { botId: string; botName: string; credits: number; runs: number }>();
  const triggers = new Map<string, UsageBreakdown['byTrigger'][number]>();
  const names = triggerNames(db, input.orgId);
  const totals = zero();
  for (const r of rows) {
    add(buckets.get(bucketStart(r.day, input.granularity)), r);
    add(totals, r);
    const bot = bots.get(r.botId) ?? { botId: r.botId, botName: r.botName, credits: 0, runs: 0 };
    bots.set(r.botId, add(bot, r));
    const key = r.triggerId ?? `manual:${r.botId}`;
    const label = r.triggerId === null ? manualLabel : (names.get(r.triggerId) ?? 'Deleted trigger');
    const trigger = triggers.get(key) ?? { triggerId: r.triggerId, label, botName: r.botName, credits: 0, runs: 0 };
    triggers.set(key, add(trigger, r));
  }
  const mostFirst = <T extends { credits: number }>(list: T[]) => list.sort((a, b) => b.credits - a.credits);
  return {
    buckets: [...buckets].map(([start, sum]) => ({ start, ...sum })),
    byBot: mostFirst([...bots.values()]),
    byTrigger: mostFirst([...triggers.values()]),
    totals,
  };
}

const zero = () => ({ credits: 0, runs: 0 });

function add<T extends { credits: number; runs: number }>(sum: T | undefined, r: UsageDay): T {
  if (!sum) throw new AppError('internal', 'A usage day fell outside its range');
  sum.credits += r.credits;
  sum.runs += r.runs;
  return sum;
}

function triggerNames(db: LocalDb, orgId: string): Map<string, string> {
  return new Map(listTriggers(db, orgId).map((t) => [t.id, t.name]));
}

/** The range as CSV: one record per bucket × bot × trigger that consumed anything. */
export function usageCsvOf(db: LocalDb, input: UsageRangeInput): { csv: string; count: number } {
  requireRange(db, input);
  const names = triggerNames(db, input.orgId);
  const records = new Map<string, { start: string; day: UsageDay; credits: number; runs: number }>();
  for (const r of usageDaysBetween(db, input.orgId, input.from, input.to)) {
    const start = bucketStart(r.day, input.granularity);
    const key = `${start}|${r.botId}|${r.triggerId ?? ''}`;
    const rec = records.get(key) ?? { start, day: r, credits: 0, runs: 0 };
    records.set(key, add(rec, r));
  }
  const sorted = [...records.values()].sort((a, b) => a.start.localeCompare(b.start) || b.credits - a.credits);
  const lines = sorted.map((r) =>
    csvRecord([
      r.start,
      r.day.botName,
      r.day.triggerId === null ? manualLabel : (names.get(r.day.triggerId) ?? 'Deleted trigger'),
      String(r.runs),
      String(Number(r.credits.toFixed(4))),
    ]),
  );
  return {
    csv: csvDocument([`${input.granularity}_start`, 'bot', 'trigger', 'runs', 'credits'], lines),
    count: lines.length,
  };
}

/** Each org's balance for the tray, low when an enabled rule is crossed and the org is not muted. */
export function trayCreditsOf(db: LocalDb, prefs: PrefsStore): TrayOrgCredits[] {
  const names = new Map(
    listOrgs(db)
      .filter((o) => o.local.state === 'ready')
      .map((o) => [o.org.id, o.org.name]),
  );
  const rules = listAllAlertRules(db);
  return listCreditAccounts(db).flatMap((account) => {
    const name = names.get(account.orgId);
    if (name === undefined) return [];
    const low =
      !isMuted(prefs, account.orgId) &&
      lowRuleOf(
        account,
        rules.filter((r) => r.orgId === account.orgId),
      ) !== null;
    return [{ orgId: account.orgId, name, balance: account.balance, low }];
  });
}
