import { and, count, eq, gt, ne } from 'drizzle-orm';
import { AppError } from '@shared/errors';
import { planOf } from '@shared/plans';
import type { Org } from '@shared/schemas/org';
import { invitations, memberships } from '../../db/schema';
import type { TxContext } from '../../db/tx';

/**
 * Seats are active members plus live pending invitations.
 * Refuses with limit_reached when one more seat would exceed the plan. Deactivated members free their
 * seat; expired invitations hold none. `except` leaves out what the caller is about to replace (the
 * older invitation of the same address, or the invitation being resent). Callers hold the org row
 * lock, so concurrent invitations count each other.
 */
export async function requireFreeSeat(
  c: TxContext,
  org: { id: string; plan: Org['plan'] },
  now: Date,
  except: { email?: string; invitationId?: string } = {},
): Promise<void> {
  const plan = planOf(org.plan);
  const seats = plan.seats;
  if (seats === null) return;
  const used = await seatsInUse(c, org.id, now, except);
  if (used + 1 > seats) {
    throw new AppError(
      'limit_reached',
      `The ${plan.name} plan includes ${seats} seats and all ${used} are taken by members and pending invitations; ` +
        'revoke an invitation, deactivate a member or upgrade the plan',
    );
  }
}

/** Seats in use: active members plus live pending invitations (leaving out `except`, see requireFreeSeat). */
export async function seatsInUse(
  c: TxContext,
  orgId: string,
  now: Date,
  except: { email?: string; invitationId?: string } = {},
): Promise<number> {
  const [members] = await c.tx
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.status, 'active')));
  const [pending] = await c.tx
    .select({ n: count() })
    .from(invitations)
    .where(
      and(
        eq(invitations.orgId, orgId),
        eq(invitations.status, 'pending'),
        gt(invitations.expiresAt, now),
        except.email === undefined ? undefined : ne(invitations.email, except.email),
        except.invitationId === undefined ? undefined : ne(invitations.id, except.invitationId),
      ),
    );
  return (members?.n ?? 0) + (pending?.n ?? 0);
}
