import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { Member } from '@shared/schemas/org';
import { memberSchema } from '@shared/schemas/org';
import { snapshotLineSchema } from '@shared/schemas/sync';
import { memberships } from '../../db/schema';
import { withTx } from '../../db/tx';
import { signUpUser, startTestServer, uniqueEmail } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { loadMemberView } from '../orgs/sync-views';
import { openSnapshot } from './snapshot';
import { addMember, createOrg } from './test-fixtures';

// Snapshot member pages are serialized by the database; they must carry exactly the member view
// that pulls and every other route build in code (memberSyncView), whatever the text holds.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function snapshotMemberPages(userId: string, orgId: string, pageSize?: number): Promise<Member[][]> {
  let text = '';
  for await (const chunk of await openSnapshot(server.app.database, userId, orgId, pageSize)) text += String(chunk);
  return text
    .trim()
    .split('\n')
    .map((l) => snapshotLineSchema.parse(JSON.parse(l)))
    .flatMap((l) => (l.type === 'rows' && l.entity === 'member' ? [l.rows.map((r) => memberSchema.parse(r))] : []));
}

describe('snapshot member rows', () => {
  it('equal the member views built in code, field for field and in the same order', async () => {
    const owner = await signUpUser(server, { email: uniqueEmail('owner'), name: 'Owner' });
    const org = await createOrg(server, owner.token);
    const awkward = ['Zoë "the quote" O\'Brien \\ back', 'Line\nbreak\ttab \u0001 ☃ 😀', 'Plain'];
    const memberIds: string[] = [];
    for (const [i, name] of awkward.entries()) {
      const user = await signUpUser(server, { email: uniqueEmail(`m${i}`), name: 'Someone' });
      // Profile text as stored, past the sign-up form's trimming.
      await server.app.database.db.execute(sql`UPDATE users SET name = ${name} WHERE id = ${user.user.id}`);
      memberIds.push(await addMember(server, org.id, user.user.id, i === 0 ? 'manager' : 'viewer'));
    }
    const [first, second] = memberIds;
    await withTx(server.app.database, { userId: null, orgId: org.id }, async (c) => {
      await c.tx
        .update(memberships)
        .set({ alias: 'Ali "as" \\ \n 🤖' })
        .where(and(eq(memberships.orgId, org.id), eq(memberships.id, first ?? '')));
      // Microseconds, which a member view holds only to the millisecond.
      await c.tx.execute(
        sql`UPDATE memberships SET last_login_at = '2024-02-29 23:59:59.999999+05:30', joined_at = '1999-12-31 23:59:59.000001+00'
            WHERE org_id = ${org.id} AND id = ${second ?? ''}`,
      );
    });

    const pages = await snapshotMemberPages(owner.user.id, org.id, 2);
    expect(pages.map((p) => p.length)).toEqual([2, 2]);
    const rows = pages.flat();
    const views = await withTx(server.app.database, { userId: owner.user.id, orgId: org.id }, async (c) =>
      Promise.all(rows.map((r) => loadMemberView(c, org.id, r.id))),
    );
    expect(rows.map((r) => JSON.stringify(r))).toEqual(views.map((v) => JSON.stringify(v)));
    expect(rows.find((r) => r.id === second)).toMatchObject({
      lastLoginAt: '2024-02-29T18:29:59.999Z',
      joinedAt: '1999-12-31T23:59:59.000Z',
    });
    expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining(memberIds));
    expect(await snapshotMemberPages(owner.user.id, org.id)).toEqual([rows]);
  });
});
