import { eq, getTableColumns, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { AppError } from '@shared/errors';
import { planOf } from '@shared/plans';
import { creditAccounts, creditLedger, organizations } from '../../db/schema';
import type { CreditAccountRow, UsageDayRow } from '../../db/schema';
import { queryRows } from '../../db/tx';
import type { TxContext } from '../../db/tx';
import { recordChanges } from '../sync/change-log';
import type { ChangeInput } from '../sync/change-log';
import { evaluateAlerts } from './alerts';
import { accountChange, lockAccount, lockForStart } from './ledger';
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
 * where a run is queued, in that transaction. Starts serialize on the org row, so parallel starts
 * count each other's reservations and cannot overdraw together. The policy is enforced at start,
 * never at finish: a run that ran did the work and is debited in full, so only its per-minute part
 * (unknown until it ends) can take the balance past the floor.
 */
export async function assertCanStartRun(c: TxContext, orgId: string, now: Date, price = 0): Promise<void> {
  const { account, reserved } = await lockForStart(c, orgId, now);
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

async function addUsage(c: TxContext, orgId: string, run: RunDebit, now: Date): Promise<UsageDayRow> {
  const [row] = await queryRows<Record<string, unknown>>(
    c.tx,
    sql`INSERT INTO usage_days (org_id, id, day, bot_id, bot_name, trigger_id, credits, runs)
        VALUES (${orgId}, ${uuidv7()}, ${utcDay(now)}, ${run.botId}, ${run.botName}, ${run.triggerId}, ${run.credits}, 1)
        ON CONFLICT ON CONSTRAINT usage_days_slot DO UPDATE
          SET credits = usage_days.credits + excluded.credits, runs = usage_days.runs + 1, bot_name = excluded.bot_name
        RETURNING org_id, id, day::text AS day, bot_id, bot_name, trigger_id, credits::float8 AS credits, runs`,
  );
  if (!row) throw new AppError('internal', 'The usage rollup could not be written');
  return {
    orgId: String(row.org_id),
    id: String(row.id),
    day: String(row.day),
    botId: String(row.bot_id),
    botName: String(row.bot_name),
    triggerId: row.trigger_id === null ? null : String(row.trigger_id),
    credits: Number(row.credits),
    runs: Number(row.runs),
  };
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
 * the ledger decides, under concurrency too). Writes the ledger entry, the account, the day's usage
 * rollup and their change-log rows (after `recordFirst`, the caller's changes, in the same
 * statement), and evaluates the alert rules, in the caller's transaction (scoped to the org). Never
 * refuses for lack of credits: the work happened (see startFloor).
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
  const debited = await c.tx
    .insert(creditLedger)
    .values({ orgId, id: uuidv7(), kind: 'consumption', credits: -run.credits, runId: run.id, at: now })
    .onConflictDoNothing({ target: [creditLedger.orgId, creditLedger.runId], where: sql`kind = 'consumption'` })
    .returning({ id: creditLedger.id });
  if (debited.length === 0) {
    await recordChanges(c, orgId, recordFirst);
    return;
  }
  const [debitedRow] = await c.tx
    .update(creditAccounts)
    .set({
      balance: sql`${creditAccounts.balance} - ${run.credits}`,
      grantRemaining: sql`greatest(${creditAccounts.grantRemaining} - ${run.credits}, 0)`,
      consumedThisPeriod: sql`${creditAccounts.consumedThisPeriod} + ${run.credits}`,
      updatedAt: now,
    })
    .where(eq(creditAccounts.orgId, orgId))
    .returning({ ...getTableColumns(creditAccounts), alertsDue: alertsDueAtNewBalance });
  if (!debitedRow) throw new AppError('internal', 'The credit account could not be debited');
  const { alertsDue, ...account } = debitedRow;
  const usage = await addUsage(c, orgId, run, now);
  await recordChanges(c, orgId, [
    ...recordFirst,
    accountChange(account),
    { orgId, entity: 'usageDay', entityId: usage.id, op: 'upsert', data: usageDayView(usage) },
  ]);
  if (alertsDue) await evaluateAlerts(c, account, now);
}
