import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { AppError } from '@shared/errors';
import { planOf } from '@shared/plans';
import type { Plan, PlanKey } from '@shared/plans';
import { creditAccounts, creditLedger, organizations } from '../../db/schema';
import type { CreditAccountRow } from '../../db/schema';
import { rowMapper } from '../../db/raw-rows';
import { queryRows } from '../../db/tx';
import type { TxContext } from '../../db/tx';
import { recordChange } from '../sync/change-log';
import type { ChangeInput } from '../sync/change-log';
import { evaluateAlerts, seedDefaultAlertRules } from './alerts';
import { periodAt } from './periods';
import { creditAccountView } from './usage-views';

// The credit ledger and its rollup, the account row. Every ledger insert updates the account in the
// same transaction, under the account's lock, so balance = sum(ledger) always holds and reads never
// sum the ledger. Monthly periods count from the org's creation; a period's grant is applied lazily
// on the first touch in the period (and at once when an org is created), and its unused part expires
// when the period ends (top-ups carry over).

/** The plan's overdraft policy as the account stores it. */
export function overdraftOf(plan: Plan): { overdraftPolicy: 'hard_stop' | 'grace'; graceCredits: number } {
  return plan.overdraft.policy === 'grace'
    ? { overdraftPolicy: 'grace', graceCredits: plan.overdraft.credits }
    : { overdraftPolicy: 'hard_stop', graceCredits: 0 };
}

async function selectAccount(c: TxContext, orgId: string, lock: boolean): Promise<CreditAccountRow | null> {
  const query = c.tx.select().from(creditAccounts).where(eq(creditAccounts.orgId, orgId)).$dynamic();
  const [row] = await (lock ? query.for('update') : query);
  return row ?? null;
}

/** The account without a lock, and whether it follows the org's plan (organizations.plan is the truth). */
async function peekAccount(
  c: TxContext,
  orgId: string,
): Promise<{ account: CreditAccountRow; orgPlan: PlanKey } | null> {
  const [row] = await c.tx
    .select({ account: creditAccounts, orgPlan: organizations.plan })
    .from(creditAccounts)
    .innerJoin(organizations, eq(organizations.id, creditAccounts.orgId))
    .where(eq(creditAccounts.orgId, orgId));
  return row ?? null;
}

/**
 * Takes the org's credit lock. The org row comes first: every write transaction of the org locks it
 * (the change log bumps its version), so taking it before the account row keeps one lock order
 * whichever code path debits — a run report that already logged its run, or a top-up.
 */
async function lockOrgRow(c: TxContext, orgId: string): Promise<{ plan: Plan['key']; createdAt: Date }> {
  const [org] = await queryRows<{ plan: Plan['key']; created_at: string }>(
    c.tx,
    sql`SELECT plan, created_at FROM organizations WHERE id = ${orgId} FOR NO KEY UPDATE`,
  );
  if (!org) throw new AppError('not_found', 'Organization not found');
  return { plan: org.plan, createdAt: new Date(org.created_at) };
}

/** A credit_accounts row as a raw statement answers it (or row_to_json), in the shape drizzle selects. */
export const accountRowFrom: (raw: Record<string, unknown>) => CreditAccountRow = rowMapper(creditAccounts);

/** The account's sync view as a change-log entry. */
export function accountChange(row: CreditAccountRow): ChangeInput {
  return { orgId: row.orgId, entity: 'creditAccount', entityId: row.orgId, op: 'upsert', data: creditAccountView(row) };
}

/** Logs the account's sync view. */
export async function recordAccount(c: TxContext, row: CreditAccountRow): Promise<void> {
  await recordChange(c, accountChange(row));
}

/** Opens an org's account with its first period's full grant and the two default alert rules. */
async function openAccount(c: TxContext, orgId: string, org: { plan: Plan['key']; createdAt: Date }, now: Date) {
  const plan = planOf(org.plan);
  const period = periodAt(org.createdAt, now);
  const [row] = await c.tx
    .insert(creditAccounts)
    .values({
      orgId,
      plan: plan.key,
      anchorAt: org.createdAt,
      periodStart: period.start,
      periodEnd: period.end,
      allowance: plan.monthlyCredits,
      balance: plan.monthlyCredits,
      grantRemaining: plan.monthlyCredits,
      ...overdraftOf(plan),
      updatedAt: now,
    })
    .returning();
  if (!row) throw new AppError('internal', 'The credit account could not be opened');
  await c.tx.insert(creditLedger).values({
    orgId,
    id: uuidv7(),
    kind: 'grant',
    credits: plan.monthlyCredits,
    periodStart: period.start,
    at: now,
  });
  await recordAccount(c, row);
  await seedDefaultAlertRules(c, orgId, now);
  return row;
}

/**
 * Moves the account into the period containing `now`: the unused part of the old grant expires, the
 * plan's grant for the new period is added (once: the unique index decides should two processes
 * ever get here), consumption counters restart, and alert rules re-arm where the balance recovered.
 */
async function rollPeriod(c: TxContext, account: CreditAccountRow, now: Date): Promise<CreditAccountRow> {
  const plan = planOf(account.plan);
  const period = periodAt(account.anchorAt, now);
  const granted = await c.tx
    .insert(creditLedger)
    .values({
      orgId: account.orgId,
      id: uuidv7(),
      kind: 'grant',
      credits: plan.monthlyCredits,
      periodStart: period.start,
      at: now,
    })
    .onConflictDoNothing()
    .returning({ id: creditLedger.id });
  if (granted.length === 0) return (await selectAccount(c, account.orgId, true)) ?? account;
  if (account.grantRemaining > 0) {
    await c.tx.insert(creditLedger).values({
      orgId: account.orgId,
      id: uuidv7(),
      kind: 'expiry',
      credits: -account.grantRemaining,
      periodStart: account.periodStart,
      at: now,
    });
  }
  const [row] = await c.tx
    .update(creditAccounts)
    .set({
      periodStart: period.start,
      periodEnd: period.end,
      allowance: plan.monthlyCredits,
      balance: sql`${creditAccounts.balance} - ${creditAccounts.grantRemaining} + ${plan.monthlyCredits}`,
      grantRemaining: plan.monthlyCredits,
      consumedThisPeriod: 0,
      toppedUpThisPeriod: 0,
      updatedAt: now,
    })
    .where(eq(creditAccounts.orgId, account.orgId))
    .returning();
  if (!row) throw new AppError('internal', 'The credit account could not be renewed');
  await recordAccount(c, row);
  await evaluateAlerts(c, row, now);
  return row;
}

/**
 * The org's account locked for a balance change (org row, then account row), opened or moved into
 * the current period first. Callers change the balance with `changeBalance` in the same transaction.
 */
export async function lockAccount(c: TxContext, orgId: string, now: Date): Promise<CreditAccountRow> {
  const both = await lockOrgAndAccount(c, orgId);
  const org = both?.org ?? (await lockOrgRow(c, orgId));
  const found = both?.account ?? (await selectAccount(c, orgId, true));
  if (!found) return openAccount(c, orgId, org, now);
  const account = found.plan === org.plan ? found : await followPlan(c, found, planOf(org.plan), now);
  return now >= account.periodEnd ? rollPeriod(c, account, now) : account;
}

/**
 * The org row and its account row locked in one statement, in that order (PostgreSQL takes a
 * statement's row locks in the order its locking clause names the tables); null while the org has
 * no account yet. NO KEY UPDATE excludes every other writer of either row, as FOR UPDATE would.
 */
async function lockOrgAndAccount(
  c: TxContext,
  orgId: string,
): Promise<{ org: { plan: Plan['key']; createdAt: Date }; account: CreditAccountRow } | null> {
  const [row] = await queryRows<{ plan: Plan['key']; created_at: string; account: Record<string, unknown> }>(
    c.tx,
    sql`SELECT o.plan, o.created_at, row_to_json(a) AS account
      FROM organizations o JOIN credit_accounts a ON a.org_id = o.id
      WHERE o.id = ${orgId} FOR NO KEY UPDATE OF o, a`,
  );
  if (!row) return null;
  return { org: { plan: row.plan, createdAt: new Date(row.created_at) }, account: accountRowFrom(row.account) };
}

/**
 * Brings the account to the org's plan when the two differ (a plan set outside changePlan): the
 * overdraft policy follows at once, the allowance from the next period.
 */
export async function followPlan(
  c: TxContext,
  account: CreditAccountRow,
  plan: Plan,
  now: Date,
): Promise<CreditAccountRow> {
  const [row] = await c.tx
    .update(creditAccounts)
    .set({ plan: plan.key, ...overdraftOf(plan), updatedAt: now })
    .where(eq(creditAccounts.orgId, account.orgId))
    .returning();
  if (!row) throw new AppError('internal', 'The credit account could not be updated');
  await recordAccount(c, row);
  return row;
}

/**
 * The org's account in the period containing `now`: opens it (full first grant, default alert
 * rules) or applies the new period's grant when this is the first touch of the period. Idempotent;
 * takes the credit lock only when it has something to write.
 */
export async function ensurePeriod(c: TxContext, orgId: string, now: Date): Promise<CreditAccountRow> {
  const found = await peekAccount(c, orgId);
  if (found && now < found.account.periodEnd && found.account.plan === found.orgPlan) return found.account;
  return lockAccount(c, orgId, now);
}

/** The per-run price of the org's queued and running runs: credits already promised. */
const reservedOf = (orgId: string) =>
  sql<string>`(SELECT coalesce(sum(b.credits_per_run), 0)::text
    FROM runs r JOIN bots b ON b.org_id = r.org_id AND b.id = r.bot_id
    WHERE r.org_id = ${orgId} AND r.status IN ('queued', 'running'))`;

/**
 * The account in the current period with the org row locked (not the account row), and the credits
 * reserved by the runs in flight, both read after the lock (in one statement): what a run start needs
 * while no other start or debit of the org can commit.
 */
export async function lockForStart(
  c: TxContext,
  orgId: string,
  now: Date,
): Promise<{ account: CreditAccountRow; reserved: number }> {
  const org = await lockOrgRow(c, orgId);
  const [row] = await queryRows<{ account: Record<string, unknown>; reserved: string }>(
    c.tx,
    sql`SELECT row_to_json(a) AS account, ${reservedOf(orgId)} AS reserved FROM credit_accounts a WHERE a.org_id = ${orgId}`,
  );
  const found = row ? accountRowFrom(row.account) : null;
  if (row && found && now < found.periodEnd && found.plan === org.plan) {
    return { account: found, reserved: Number(row.reserved) };
  }
  const account = await lockAccount(c, orgId, now);
  const [fresh] = await c.tx
    .select({ reserved: reservedOf(orgId) })
    .from(creditAccounts)
    .where(eq(creditAccounts.orgId, orgId));
  return { account, reserved: Number(fresh?.reserved ?? 0) };
}

/** One ledger entry and the matching account change; the caller holds the lock (lockAccount). */
export type BalanceChange =
  | { kind: 'top_up'; credits: number; actorId: string | null }
  | { kind: 'grant'; credits: number; actorId: string | null };

/**
 * Adds credits (a top-up, or the extra grant of a mid-period upgrade) to the ledger and the account,
 * logs the account and evaluates alert rules, in the caller's transaction.
 */
export async function addCredits(c: TxContext, orgId: string, change: BalanceChange, now: Date) {
  await c.tx.insert(creditLedger).values({
    orgId,
    id: uuidv7(),
    kind: change.kind,
    credits: change.credits,
    actorId: change.actorId,
    at: now,
  });
  const counters =
    change.kind === 'top_up'
      ? { toppedUpThisPeriod: sql`${creditAccounts.toppedUpThisPeriod} + ${change.credits}` }
      : {
          grantRemaining: sql`${creditAccounts.grantRemaining} + ${change.credits}`,
          allowance: sql`${creditAccounts.allowance} + ${change.credits}`,
        };
  const [row] = await c.tx
    .update(creditAccounts)
    .set({ balance: sql`${creditAccounts.balance} + ${change.credits}`, ...counters, updatedAt: now })
    .where(and(eq(creditAccounts.orgId, orgId)))
    .returning();
  if (!row) throw new AppError('internal', 'The credit account could not be updated');
  await recordAccount(c, row);
  await evaluateAlerts(c, row, now);
  return row;
}
