import { and, count, eq, gt, ne } from 'drizzle-orm';
import { AppError } from '@shared/errors';
import type { Org } from '@shared/schemas/org';
import { invitations, memberships } from '../../db/schema';
import type { TxContext } from '../../db/tx';

/** Seats per plan (active members plus live pending invitations); null is unlimited. */
export const seatsByPlan = { free: 5, team: 25, business: 100, enterprise: null } as const satisfies Record<
  Org['plan'],
  number | null
>;

const planNames = { free: 'Free', team: 'Team', business: 'Business', enterprise: 'Enterprise' } as const;

/**
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
  const seats = seatsByPlan[org.plan];
  if (seats === null) return;
  const [members] = await c.tx
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.orgId, org.id), eq(memberships.status, 'active')));
  const [pending] = await c.tx
    .select({ n: count() })
    .from(invitations)
    .where(
      and(
        eq(invitations.orgId, org.id),
        eq(invitations.status, 'pending'),
        gt(invitations.expiresAt, now),
        except.email === undefined ? undefined : ne(invitations.email, except.email),
        except.invitationId === undefined ? undefined : ne(invitations.id, except.invitationId),
      ),
    );
  const used = (members?.n ?? 0) + (pending?.n ?? 0);
  if (used + 1 > seats) {
    throw new AppError(
      'limit_reached',
      `The ${planNames[org.plan]} plan includes ${seats} seats and all ${used} are taken by members and pending invitations; ` +
        'revoke an invitation, deactivate a member or upgrade the plan',
    );
  }
}
