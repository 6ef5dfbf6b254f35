import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { memberships } from '../../db/schema';
import { configuredDatabaseUrl } from '../../env';
import { startTestServer } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { accept, account, createOrg, invite, pendingList, unverifiedAccount } from './invitation-fixtures';

const databaseUrl = configuredDatabaseUrl();

// PGlite is one connection in one process: concurrent requests there would only queue.
describe.skipIf(!databaseUrl)('invitation races (PostgreSQL only)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lets exactly one of 20 concurrent accepts of one token join', async () => {
    const owner = await account(server, 'Owner');
    const org = await createOrg(server, owner);
    const invitee = await unverifiedAccount(server, 'Racer');
    const { token } = await invite(server, owner, org.id, { email: invitee.email });

    const answers = await Promise.all(Array.from({ length: 20 }, () => accept(server, invitee, token)));
    const byStatus = answers.map((a) =>
      a.status === 200 ? 'joined' : (a.body as unknown as { error: { code: string } }).error.code,
    );
    expect(byStatus.filter((s) => s === 'joined')).toHaveLength(1);
    expect(byStatus.filter((s) => s === 'invitation_invalid')).toHaveLength(19);

    const [row] = await server.app.database.db
      .select({ n: count() })
      .from(memberships)
      .where(and(eq(memberships.orgId, org.id), eq(memberships.userId, invitee.userId)));
    expect(row?.n).toBe(1);
    expect((await pendingList(server, owner, org.id)).body.invitations).toEqual([]);
  });
});
