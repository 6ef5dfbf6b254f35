import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { claim, heartbeat, makeBot, report, runNow, runWorld } from '../runs/run-fixtures';
import type { RunWorld } from '../runs/run-fixtures';
import { alertEventsOf, topUp, usageOf } from './credits-fixtures';

// Credits through the run lifecycle: a finished run is debited from its bot's pricing, and the plan's
// overdraft policy refuses new runs once the credits are gone.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function runToSuccess(w: RunWorld, botId: string): Promise<void> {
  const queued = await runNow(w, botId);
  expect(queued.status, JSON.stringify(queued.body)).toBe(200);
  const runnerId = `runner-${crypto.randomUUID().slice(0, 8)}`;
  expect((await heartbeat(w, runnerId, [botId])).status).toBe(200);
  const claimed = await claim(w, runnerId, [botId]);
  expect(claimed.body.runs.map((r) => r.run.id)).toEqual([queued.body.id]);
  const done = await report(w, queued.body.id, { runnerId, status: 'succeeded' });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  // A retried final report changes nothing.
  expect((await report(w, queued.body.id, { runnerId, status: 'succeeded' })).status).toBe(200);
}

describe('runs and credits', () => {
  it('debit each finished run once, and refuse runs the credits cannot cover on Free (hard stop)', async () => {
    const w = await runWorld(server, 'free');
    const big = await makeBot(w, { creditsPerRun: 400 });
    await runToSuccess(w, big.id);
    await runToSuccess(w, big.id);
    let usage = await usageOf(server, w.owner, w.orgId);
    expect(usage.account.balance).toBe(200);
    expect(usage.bots).toEqual([{ botId: big.id, botName: big.name, credits: 800, runs: 2 }]);
    expect(await alertEventsOf(server, w.owner, w.orgId)).toEqual([]);

    const tooBig = await runNow(w, big.id);
    expect(tooBig.status).toBe(402);
    expect(JSON.stringify(tooBig.body)).toContain('Runs Co has not enough credits left this period for this run');

    const small = await makeBot(w, { creditsPerRun: 200 });
    await runToSuccess(w, small.id);
    usage = await usageOf(server, w.owner, w.orgId);
    expect(usage.account.balance).toBe(0);
    expect((await alertEventsOf(server, w.owner, w.orgId)).map((e) => e.threshold)).toEqual([5, 20]);

    const refused = await runNow(w, small.id);
    expect(refused.status).toBe(402);
    expect(refused.body).toMatchObject({ error: { code: 'limit_reached' } });
    expect(JSON.stringify(refused.body)).toContain(
      'Runs Co has no credits left this period; top up or upgrade the plan',
    );

    await topUp(server, w.owner, w.orgId, 500);
    expect((await runNow(w, small.id)).status).toBe(200);
  });
});
