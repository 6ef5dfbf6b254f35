import { count, eq, sql } from 'drizzle-orm';
import { AppError } from '@shared/errors';
import { planMisfits, planOf } from '@shared/plans';
import type { Plan, PlanKey } from '@shared/plans';
import type { Org } from '@shared/schemas/org';
import type { CreditAccount } from '@shared/schemas/usage';
import { bots, organizations } from '../../db/schema';
import type { CreditAccountRow } from '../../db/schema';
import type { TxContext } from '../../db/tx';
import { recordAudit } from '../audit/audit.service';
import { seatsInUse } from '../invitations/seats';
import { requireMember } from '../orgs/membership';
import { orgSyncView } from '../orgs/sync-views';
import { recordChange } from '../sync/change-log';
import { evaluateAlerts } from './alerts';
import { addCredits, followPlan, lockAccount } from './ledger';
import { creditAccountView } from './usage-views';

/** Adds credits to the org's ledger (billing.manage); paying for them comes with billing. */
export async function topUpCredits(c: TxContext, orgId: string, credits: number, now: Date): Promise<CreditAccount> {
  const actor = await requireMember(c, orgId, 'billing.manage');
  const before = await lockAccount(c, orgId, now);
  const after = await addCredits(c, orgId, { kind: 'top_up', credits, actorId: actor.userId }, now);
  const [org] = await c.tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, orgId));
  await recordAudit(c, {
    orgId,
    actor: actor.userId,
    action: 'credits.topped_up',
    targetType: 'org',
    targetId: orgId,
    targetLabel: org?.name ?? orgId,
    before: { balance: before.balance },
    after: { balance: after.balance, credits },
  });
  return creditAccountView(after);
}

/** What the org uses of the limits a plan sets. */
export async function planUse(c: TxContext, orgId: string, now: Date): Promise<{ seats: number; bots: number }> {
  const [botCount] = await c.tx.select({ n: count() }).from(bots).where(eq(bots.orgId, orgId));
  return { seats: await seatsInUse(c, orgId, now), bots: botCount?.n ?? 0 };
}

/**
 * Moves the org to another plan (billing.manage) when its current use fits the new limits, else
 * refuses with limit_reached saying what does not fit. The overdraft policy changes at once; so does
 * this period's allowance on an upgrade (the difference is granted now), while a downgrade keeps this
 * period's grant and applies from the next period. Logs the org and the account; audits plan.changed.
 */
export async function changePlan(c: TxContext, orgId: string, planKey: PlanKey, now: Date): Promise<Org> {
  const actor = await requireMember(c, orgId, 'billing.manage');
  const account = await lockAccount(c, orgId, now);
  const [current] = await c.tx.select().from(organizations).where(eq(organizations.id, orgId));
  if (!current) throw new AppError('not_found', 'Organization not found');
  if (current.plan === planKey) return orgSyncView(current);
  const plan = planOf(planKey);
  const misfits = planMisfits(plan, await planUse(c, orgId, now));
  if (misfits.length > 0) {
    throw new AppError(
      'limit_reached',
      `${current.name} does not fit the ${plan.name} plan: ${misfits.join('; ')}. Remove what is over the limit first, or choose a larger plan`,
    );
  }
  const [row] = await c.tx
    .update(organizations)
    .set({ plan: planKey, updatedAt: sql`now()` })
    .where(eq(organizations.id, orgId))
    .returning();
  if (!row) throw new AppError('not_found', 'Organization not found');
  const view = orgSyncView(row);
  await recordChange(c, { orgId, entity: 'org', entityId: orgId, op: 'upsert', data: view });
  await applyPlanToAccount(c, account, plan, now);
  await recordAudit(c, {
    orgId,
    actor: actor.userId,
    action: 'plan.changed',
    targetType: 'org',
    targetId: orgId,
    targetLabel: row.name,
    before: { plan: current.plan },
    after: { plan: planKey },
  });
  return view;
}

async function applyPlanToAccount(c: TxContext, account: CreditAccountRow, plan: Plan, now: Date) {
  const row = await followPlan(c, account, plan, now);
  const extraGrant = plan.monthlyCredits - account.allowance;
  if (extraGrant > 0) await addCredits(c, row.orgId, { kind: 'grant', credits: extraGrant, actorId: c.userId }, now);
  else await evaluateAlerts(c, row, now);
}
