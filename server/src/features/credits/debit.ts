import { eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { AppError } from '@shared/errors';
import { planOf } from '@shared/plans';
import { creditAccounts, organizations } from '../../db/schema';
import type { CreditAccountRow, UsageDayRow } from '../../db/schema';
import { queryRows } from '../../db/tx';
import type { TxContext } from '../../db/tx';
import { recordChanges } from '../sync/change-log';
import type { ChangeInput } from '../sync/change-log';
import { evaluateAlerts } from './alerts';
import { accountChange, accountRowFrom, lockAccount, lockForStart } from './ledger';
import { utcDay } from './periods';
import { usageDayView } from './usage-views';

/** A finished run's consumption, as the run report computed it from the bot's pricing. */
export type RunDebit = { id: string; botId: string; botName: string; triggerId: string | null; credits: number };

/** Below this balance no run starts: 0 on `hard_stop`, −graceCredits on `grace`. */
export function startFloor(account: Pick<CreditAccountRow, 'overdraftPolicy' | 'graceCredits'>): number {
  return account.overdraftPolicy === 'grace' ? -account.graceCredits : 0;
}

/**
 * Whether a run priced `price` per run may start: the balance, less the per-run price of every run
 * already queued or running (they will be debited when they finish), must cover it without going
 * below the floor — and a balance at the floor or below starts nothing. Pure.
 */
export function mayStart(input: { balance: number; reserved: number; price: number; floor: number }): boolean {
  return input.balance > input.floor && input.balance - input.reserved - input.price >= input.floor;
}

/**
 * Refuses to start a run priced `price` per run when the org's credits cannot cover it under its
 * plan's overdraft policy (limit_reached, naming the org and how to go on); see mayStart. Call it
 * where a run is queued, in that transaction (with `queued` once the run is inserted). Starts serialize on the org row, so parallel starts
 * count each other's reservations and cannot overdraw together. The policy is enforced at start,
 * never at finish: a run that ran did the work and is debited in full, so only its per-minute part
 * (unknown until it ends) can take the balance past the floor.
 */
export async function assertCanStartRun(
  c: TxContext,
  orgId: string,
  now: Date,
  price = 0,
  options: { queued?: boolean } = {},
): Promise<void> {
  const locked = await lockForStart(c, orgId, now);
  const { account } = locked;
  // `queued`: the run is already inserted in this transaction, so the reservation counts its price
  // (taken off at the ledger's 4 decimals, so the sum is the one an uncounted run would give).
  const reserved = options.queued ? Math.round((locked.reserved - price) * 10_000) / 10_000 : locked.reserved;
  const floor = startFloor(account);
  if (account.balance > floor && price === 0) return;
  if (mayStart({ balance: account.balance, reserved, price, floor })) return;
  const [org] = await c.tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, orgId));
  const name = org?.name ?? 'This organization';
  const plan = planOf(account.plan);
  const renews = account.periodEnd.toISOString().slice(0, 10);
  const left =
    account.balance > floor ? 'not enough credits left this period for this run' : 'no credits left this period';
  const grace =
    account.overdraftPolicy === 'grace' ? ` (including the ${plan.name} plan's grace of ${account.graceCredits})` : '';
  throw new AppError(
    'limit_reached',
    `${name} has ${left}${grace}; top up or upgrade the plan (the ${plan.monthlyCredits.toLocaleString('en-US')} credits of the ${plan.name} plan renew on ${renews})`,
  );
}

/**
 * Whether any enabled rule of the account's org may fire or re-arm at the balance just written (in
 * an UPDATE … RETURNING of credit_accounts): the rule limits of alert-crossing.ts, with a margin so
 * that it is a superset of what evaluateAlerts decides in floating point. Most debits cross nothing
 * and skip reading the rules.
 */
const alertsDueAtNewBalance = sql<boolean>`EXISTS (
  SELECT 1 FROM alert_rules r, LATERAL (SELECT CASE r.kind WHEN 'credits_below' THEN r.threshold
      ELSE ${creditAccounts.allowance} * r.threshold / 100 END AS lim) l
  WHERE r.org_id = ${creditAccounts.orgId} AND r.enabled
    AND CASE WHEN r.armed THEN ${creditAccounts.balance} < l.lim + 0.001 ELSE ${creditAccounts.balance} > l.lim - 0.001 END)`;

/**
 * Debits a finished run's credits once: the same run id again changes nothing (the unique index on
 * the ledger decides, under concurrency too). Writes the ledger entry, the account and the day's
 * usage rollup in one statement, then their change-log rows (after `recordFirst`, the caller's
 * changes, in one statement too), and evaluates the alert rules, in the caller's transaction
 * (scoped to the org). Never refuses for lack of credits: the work happened (see startFloor). Three
 * round trips with the lock, while every other writer of the org waits.
 */
export async function debitRunCredits(
  c: TxContext,
  orgId: string,
  run: RunDebit,
  now: Date,
  recordFirst: readonly ChangeInput[] = [],
): Promise<void> {
  if (!Number.isFinite(run.credits) || run.credits < 0) {
    throw new AppError('internal', `Run ${run.id} has an invalid credit amount`);
  }
  await lockAccount(c, orgId, now);
  const [debited] = await queryRows<{ account: Record<string, unknown>; usage: Record<string, unknown> }>(
    c.tx,
    debitStatement(orgId, run, now),
  );
  if (!debited) {
    await recordChanges(c, orgId, recordFirst);
    return;
  }
  const { alerts_due: alertsDue, ...accountJson } = debited.account;
  const account = accountRowFrom(accountJson);
  const usage = usageFromJson(debited.usage);
  await recordChanges(c, orgId, [
    ...recordFirst,
    accountChange(account),
    { orgId, entity: 'usageDay', entityId: usage.id, op: 'upsert', data: usageDayView(usage) },
  ]);
  if (alertsDue === true) await evaluateAlerts(c, account, now);
}

/**
 * The ledger entry (nothing when the run was debited already), then — only if it was written — the
 * account's new balance and the day's usage rollup, answered as JSON rows (no row when nothing was
 * written). The account also answers `alerts_due` (alertsDueAtNewBalance).
 */
function debitStatement(orgId: string, run: RunDebit, now: Date) {
  const credits = sql`${run.credits}::numeric`;
  return sql`WITH ledger AS (
      INSERT INTO credit_ledger (org_id, id, kind, credits, run_id, at)
      VALUES (${orgId}::uuid, ${uuidv7()}::uuid, 'consumption', -${credits}, ${run.id}::uuid, ${now}::timestamptz)
      ON CONFLICT (org_id, run_id) WHERE kind = 'consumption' DO NOTHING
      RETURNING id),
    account AS (
      UPDATE credit_accounts SET balance = balance - ${credits}, grant_remaining = greatest(grant_remaining - ${credits}, 0),
        consumed_this_period = consumed_this_period + ${credits}, updated_at = ${now}::timestamptz
      WHERE org_id = ${orgId}::uuid AND EXISTS (SELECT 1 FROM ledger)
      RETURNING credit_accounts.*, ${alertsDueAtNewBalance} AS alerts_due),
    usage AS (
      INSERT INTO usage_days (org_id, id, day, bot_id, bot_name, trigger_id, credits, runs)
      SELECT ${orgId}::uuid, ${uuidv7()}::uuid, ${utcDay(now)}::date, ${run.botId}::uuid, ${run.botName}::text,
        ${run.triggerId}::uuid, ${credits}, 1
      WHERE EXISTS (SELECT 1 FROM ledger)
      ON CONFLICT ON CONSTRAINT usage_days_slot DO UPDATE
        SET credits = usage_days.credits + excluded.credits, runs = usage_days.runs + 1, bot_name = excluded.bot_name
      RETURNING org_id, id, day::text AS day, bot_id, bot_name, trigger_id, credits::float8 AS credits, runs)
    SELECT row_to_json(a) AS account, row_to_json(u) AS usage FROM account a CROSS JOIN usage u`;
}

function usageFromJson(raw: Record<string, unknown>): UsageDayRow {
  return {
    orgId: String(raw.org_id),
    id: String(raw.id),
    day: String(raw.day),
    botId: String(raw.bot_id),
    botName: String(raw.bot_name),
    triggerId: raw.trigger_id === null ? null : String(raw.trigger_id),
    credits: Number(raw.credits),
    runs: Number(raw.runs),
  };
}
