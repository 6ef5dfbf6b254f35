import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { users } from './db/schema';
import { withTx } from './db/tx';
import { seedDemoBots } from './features/bots/demo-bots';
import { createOrg } from './features/orgs/orgs.service';
import { ensurePersonalOrg } from './features/orgs/personal-org';

export const demoAccount = { email: 'demo@botdesk.local', password: 'botdesk-demo-2026', name: 'Demo User' } as const;

/** Seeds a new database with a verified demo account, its personal workspace and "Acme Automation". Returns false when the account exists. */
export async function seedDemo(app: FastifyInstance): Promise<boolean> {
  const [existing] = await app.database.db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, demoAccount.email));
  if (existing) return false;
  const { user } = await app.auth.api.signUpEmail({ body: { ...demoAccount } });
  // The connecting role, not botdesk_app: marking an address verified is not a tenant write.
  await app.database.db.update(users).set({ emailVerified: true }).where(eq(users.id, user.id));
  await ensurePersonalOrg(app.database, user);
  const acme = await withTx(app.database, { userId: user.id, orgId: null }, (c) =>
    createOrg(c, { name: 'Acme Automation', slug: 'acme-automation' }),
  );
  await seedDemoBots(app, user.id, acme.id);
  return true;
}
