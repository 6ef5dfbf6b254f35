import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debit, orgWithOwner } from '../../../../server/src/features/credits/credits-fixtures';
import type { OrgWithOwner } from '../../../../server/src/features/credits/credits-fixtures';
import { startTestServer, testPassword } from '../../../../server/src/testing/test-server';
import type { TestServer } from '../../../../server/src/testing/test-server';
import { addDays, dayOf } from '@shared/usage-calendar';
import { openTestCore } from '../testing/test-core';
import type { TestCore } from '../testing/test-core';
import { waitUntil } from '../testing/wait';

let server: TestServer;
let w: OrgWithOwner;
let desk: TestCore;
const today = dayOf(new Date());
const botA = '0190a000-0000-7000-8000-00000000000a';
const botB = '0190a000-0000-7000-8000-00000000000b';

/** A finished run's debit on a given day (the server's rollup keys on the debit's day). */
function spend(botId: string, botName: string, credits: number, daysFromNow: number) {
  const run = { id: crypto.randomUUID(), botId, botName, triggerId: null, credits };
  return debit(server.app.database, w.org.id, run, new Date(Date.now() + daysFromNow * 86_400_000));
}

beforeAll(async () => {
  server = await startTestServer();
  w = await orgWithOwner(server, 'Usage Co');
  await spend(botA, 'Invoice bot', 120, 0);
  await spend(botB, 'Report bot', 80, 0);
  await spend(botA, 'Invoice bot', 50, 2);
  await spend(botA, 'Invoice bot', 30, 9);
  desk = await openTestCore();
  await desk.call('session.signIn', { serverUrl: server.url, email: w.owner.email, password: testPassword });
  await waitUntil(async () => {
    const orgs = await desk.call('orgs.list', {});
    if (!orgs.some((o) => o.org.id === w.org.id && o.local.state === 'ready')) return undefined;
    return (await desk.call('usage.summary', { orgId: w.org.id })).account?.balance === 720 ? true : undefined;
  }, 'the usage on the desktop');
});

afterAll(async () => {
  await desk?.close();
  await server?.close();
});

describe('usage on the desktop', () => {
  it('sums the balance, the burn rate, the run-out date and the plan’s limits in use', async () => {
    const summary = await desk.call('usage.summary', { orgId: w.org.id });
    expect(summary.account).toMatchObject({ plan: 'free', allowance: 1000, balance: 720, consumedThisPeriod: 280 });
    // One day of the period has begun: 280 credits a day leaves 720 credits for 2.57 more days.
    expect(summary.burnPerDay).toBe(280);
    expect(summary.projectedEmptyOn).toBe(dayOf(new Date(Date.now() + (720 / 280) * 86_400_000)));
    expect(summary.periodDays).toEqual([{ day: today, credits: 200, runs: 2 }]);
    expect(summary.lowRule).toBeNull();
    expect(summary.seats).toEqual({ used: 1, limit: 5 });
    expect(summary.bots).toEqual({ used: 0, limit: 5 });
    expect(summary.muted).toBe(false);
  });

  it('breaks a range down by day, bot and trigger, empty days included', async () => {
    const b = await desk.call('usage.breakdown', {
      orgId: w.org.id,
      granularity: 'day',
      from: today,
      to: addDays(today, 13),
    });
    expect(b.buckets).toHaveLength(14);
    expect(b.buckets.filter((x) => x.credits > 0)).toEqual([
      { start: today, credits: 200, runs: 2 },
      { start: addDays(today, 2), credits: 50, runs: 1 },
      { start: addDays(today, 9), credits: 30, runs: 1 },
    ]);
    expect(b.byBot).toEqual([
      { botId: botA, botName: 'Invoice bot', credits: 200, runs: 3 },
      { botId: botB, botName: 'Report bot', credits: 80, runs: 1 },
    ]);
    expect(b.byTrigger.map((t) => [t.label, t.botName, t.credits])).toEqual([
      ['Run now, retries and runners', 'Invoice bot', 200],
      ['Run now, retries and runners', 'Report bot', 80],
    ]);
    expect(b.totals).toEqual({ credits: 280, runs: 4 });
  });

  it('sums whole weeks (Monday first) and months', async () => {
    const weeks = await desk.call('usage.breakdown', {
      orgId: w.org.id,
      granularity: 'week',
      from: today,
      to: addDays(today, 13),
    });
    for (const bucket of weeks.buckets) expect(new Date(`${bucket.start}T00:00:00Z`).getUTCDay()).toBe(1);
    expect(weeks.buckets.reduce((sum, x) => sum + x.credits, 0)).toBe(280);
    const months = await desk.call('usage.breakdown', {
      orgId: w.org.id,
      granularity: 'month',
      from: today,
      to: addDays(today, 13),
    });
    expect(months.buckets.map((x) => x.start.slice(8))).toEqual(months.buckets.map(() => '01'));
    expect(months.totals.credits).toBe(280);
  });

  it('exports the range as CSV, one record per bucket, bot and trigger', async () => {
    const range = { orgId: w.org.id, granularity: 'day' as const, from: today, to: addDays(today, 13) };
    const { csv, count } = await desk.call('usage.exportCsv', range);
    expect(count).toBe(4);
    expect(csv.split('\r\n')).toEqual([
      'day_start,bot,trigger,runs,credits',
      `${today},Invoice bot,"Run now, retries and runners",1,120`,
      `${today},Report bot,"Run now, retries and runners",1,80`,
      `${addDays(today, 2)},Invoice bot,"Run now, retries and runners",1,50`,
      `${addDays(today, 9)},Invoice bot,"Run now, retries and runners",1,30`,
      '',
    ]);
  });

  it('refuses a range that ends before it starts or spans more than three years', async () => {
    const backwards = await desk.fail('usage.breakdown', {
      orgId: w.org.id,
      granularity: 'day',
      from: today,
      to: addDays(today, -1),
    });
    expect(backwards).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('ends before') });
    const long = await desk.fail('usage.breakdown', {
      orgId: w.org.id,
      granularity: 'month',
      from: addDays(today, -1200),
      to: today,
    });
    expect(long).toMatchObject({ code: 'validation_failed', message: 'Choose a range of at most 1,100 days' });
  });
});
