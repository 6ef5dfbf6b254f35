import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http } from '../../testing/http';
import { startTestServer } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import {
  addSilentMembers,
  alertRulesOf,
  balanceOf,
  debit,
  finishedRun,
  ledgerTotals,
  orgWithOwner,
  topUp,
  usageOf,
} from './credits-fixtures';
import { addMonths } from './periods';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('a new organization', () => {
  it('starts on Free with its full first grant and the 20% and 5% alert rules', async () => {
    const { owner, org } = await orgWithOwner(server);
    const report = await usageOf(server, owner, org.id);
    expect(report.account).toMatchObject({ plan: 'free', allowance: 1000, balance: 1000, consumedThisPeriod: 0 });
    expect(report.account.overdraftPolicy).toBe('hard_stop');
    expect(report.limits.seats).toEqual({ used: 1, limit: 5 });
    expect(report.limits.bots).toEqual({ used: 0, limit: 5 });
    const rules = await alertRulesOf(server, owner, org.id);
    expect(rules.map((r) => [r.kind, r.threshold, r.channels, r.enabled])).toEqual([
      ['percent_below', 20, ['desktop', 'email'], true],
      ['percent_below', 5, ['desktop', 'email'], true],
    ]);
  });
});

describe('the ledger', () => {
  it('always sums to the balance: grants, top-ups, consumption and a new period', async () => {
    const { owner, org } = await orgWithOwner(server);
    const db = server.app.database;
    await debit(db, org.id, finishedRun(12.3456));
    await topUp(server, owner, org.id, 250);
    await debit(db, org.id, finishedRun(400));
    expect(await balanceOf(server, owner, org.id)).toBeCloseTo(837.6544, 4);
    expect((await ledgerTotals(db, org.id)).sum).toBeCloseTo(837.6544, 4);

    // Next period: the unused grant expires, the top-up stays, the new grant arrives.
    const nextPeriod = addMonths(new Date(org.createdAt), 1);
    await debit(db, org.id, finishedRun(1), new Date(nextPeriod.getTime() + 1000));
    const report = await usageOf(server, owner, org.id);
    expect(report.account.periodStart).toBe(nextPeriod.toISOString());
    expect(report.account.balance).toBeCloseTo(250 + 1000 - 1, 4);
    expect(report.account.consumedThisPeriod).toBe(1);
    expect((await ledgerTotals(db, org.id)).sum).toBeCloseTo(report.account.balance, 4);
  });

  it('debits a run reported finished several times once', async () => {
    const { owner, org } = await orgWithOwner(server);
    const run = finishedRun(7.5);
    for (let i = 0; i < 3; i += 1) await debit(server.app.database, org.id, run);
    const report = await usageOf(server, owner, org.id);
    expect(report.account.balance).toBe(992.5);
    expect(report.bots).toEqual([{ botId: run.botId, botName: 'Invoice bot', credits: 7.5, runs: 1 }]);
    expect(report.days.at(-1)).toMatchObject({ credits: 7.5, runs: 1 });
  });
});

describe('plan changes', () => {
  it('are refused with what does not fit, and an upgrade grants the difference at once', async () => {
    const { owner, org } = await orgWithOwner(server);
    const upgrade = await http(server, 'PATCH', `/v1/orgs/${org.id}/plan`, {
      token: owner.token,
      body: { plan: 'team' },
    });
    expect(upgrade.status, JSON.stringify(upgrade.body)).toBe(200);
    expect(upgrade.body).toMatchObject({ plan: 'team' });
    const report = await usageOf(server, owner, org.id);
    expect(report.account).toMatchObject({
      plan: 'team',
      allowance: 10_000,
      balance: 10_000,
      overdraftPolicy: 'grace',
    });
    expect(report.limits.seats.limit).toBe(25);

    await addSilentMembers(server, org.id, 6);
    const back = await http<{ error: { code: string; message: string } }>(server, 'PATCH', `/v1/orgs/${org.id}/plan`, {
      token: owner.token,
      body: { plan: 'free' },
    });
    expect(back.status).toBe(402);
    expect(back.body.error.code).toBe('limit_reached');
    expect(back.body.error.message).toContain('7 seats are in use');
    expect(back.body.error.message).toContain('includes 5');
    expect((await usageOf(server, owner, org.id)).account.plan).toBe('team');
  });
});
