import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { organizations } from '../../db/schema';
import { withTx } from '../../db/tx';
import { createOrg } from './orgs.service';

/**
 * Creates the user's personal workspace unless it exists (sign-up, and any sign-in that finds none):
 * named after the display name (or the email's local part), owned by the user, on the Free plan.
 */
export async function ensurePersonalOrg(
  database: Database,
  user: { id: string; name: string; email: string },
): Promise<void> {
  await withTx(database, { userId: user.id, orgId: null }, async (c) => {
    // Two first sign-ins at once must not create two personal orgs.
    await c.tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`personal-org:${user.id}`}))`);
    const [existing] = await c.tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(and(eq(organizations.ownerId, user.id), eq(organizations.isPersonal, true)));
    if (existing) return;
    const localPart = user.email.split('@')[0] ?? 'workspace';
    await createOrg(c, { name: user.name.trim() || localPart, personal: true, fallbackSlug: localPart });
  });
}
