import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@shared/schemas/org';
import { queryRows } from '../../db/tx';
import { http } from '../../testing/http';
import { startTestServer } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { account } from '../invitations/invitation-fixtures';
import { addMember } from '../sync/test-fixtures';
import { alertEventsOf, alertRulesOf, debit, finishedRun, orgWithOwner, topUp } from './credits-fixtures';
import { crossedThreshold } from '@shared/alert-crossing';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('crossedThreshold', () => {
  it.each([
    [{ armed: true, limit: 200 }, 199, 'fire'],
    [{ armed: true, limit: 200 }, 200, 'none'],
    [{ armed: false, limit: 200 }, 150, 'none'],
    [{ armed: false, limit: 200 }, 200, 'rearm'],
    [{ armed: true, limit: 0 }, -5, 'fire'],
  ] as const)('%o at %d: %s', (rule, balance, decision) => {
    expect(crossedThreshold(rule, balance)).toBe(decision);
  });
});

describe('usage alerts', () => {
  it('fire once per downward crossing, not while hovering below, and again after a top-up re-arms', async () => {
    const { owner, org } = await orgWithOwner(server);
    const db = server.app.database;
    await debit(db, org.id, finishedRun(801));
    const first = await alertEventsOf(server, owner, org.id);
    expect(first.map((e) => [e.threshold, e.balance, e.message])).toEqual([
      [20, 199, 'Acme has 199 credits left (19% of 1,000)'],
    ]);

    await debit(db, org.id, finishedRun(1));
    await debit(db, org.id, finishedRun(2));
    expect(await alertEventsOf(server, owner, org.id)).toHaveLength(1);
    const twenty = (await alertRulesOf(server, owner, org.id)).find((r) => r.threshold === 20);
    expect(twenty?.armed).toBe(false);

    await topUp(server, owner, org.id, 10); // 206: back above 200
    expect((await alertRulesOf(server, owner, org.id)).find((r) => r.threshold === 20)?.armed).toBe(true);
    await debit(db, org.id, finishedRun(10)); // 196: crosses again
    const events = await alertEventsOf(server, owner, org.id);
    expect(events.map((e) => e.balance)).toEqual([196, 199]);
  });

  it('fire both thresholds crossed by one run, the lower remaining last', async () => {
    const { owner, org } = await orgWithOwner(server);
    await debit(server.app.database, org.id, finishedRun(960));
    const newestFirst = await alertEventsOf(server, owner, org.id);
    expect(newestFirst.map((e) => e.threshold)).toEqual([5, 20]);
    expect(newestFirst.every((e) => e.balance === 40)).toBe(true);
  });

  it('never fire a rule that was created below its threshold until the balance recovers', async () => {
    const { owner, org } = await orgWithOwner(server);
    await debit(server.app.database, org.id, finishedRun(900));
    const res = await http(server, 'POST', `/v1/orgs/${org.id}/alert-rules`, {
      token: owner.token,
      body: { kind: 'credits_below', threshold: 500, channels: ['desktop'] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ armed: false });
    await debit(server.app.database, org.id, finishedRun(1));
    expect((await alertEventsOf(server, owner, org.id)).map((e) => e.threshold)).toEqual([20]);
  });

  it('mail every member who may read usage, and nobody else', async () => {
    const { owner, org } = await orgWithOwner(server, 'Mailco');
    const finance = await account(server, 'Finance');
    await addMember(server, org.id, finance.userId, 'finance');
    const blind = await account(server, 'Blind');
    const blindMember = await addMember(server, org.id, blind.userId, 'viewer');
    const role = await http<Role>(server, 'POST', `/v1/orgs/${org.id}/roles`, {
      token: owner.token,
      body: { name: 'No usage', rank: 5, permissions: ['org.read'] },
    });
    expect(role.status).toBe(200);
    const moved = await http(server, 'PATCH', `/v1/orgs/${org.id}/members/${blindMember}`, {
      token: owner.token,
      body: { roleId: role.body.id },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);

    await debit(server.app.database, org.id, finishedRun(850));
    const low = (m: { subject: string }) => m.subject === 'Mailco is low on credits';
    const toOwner = await server.mail.waitFor(owner.email, low);
    const toFinance = await server.mail.waitFor(finance.email, low);
    expect(toOwner.text).toContain('Mailco has 150 credits left (15% of 1,000).');
    expect(toFinance.text).toContain("remaining below 20% of the period's allowance");
    const queued = await queryRows<{ to_address: string }>(
      server.app.database.db,
      sql`SELECT to_address FROM alert_emails WHERE org_id = ${org.id} ORDER BY to_address`,
    );
    expect(queued.map((q) => q.to_address)).toEqual([owner.email, finance.email].sort());
    expect(server.mail.messages().filter((m) => m.to === blind.email && low(m))).toEqual([]);
  });
});
