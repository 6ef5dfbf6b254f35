import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_DATA_MAX_BYTES } from '@shared/schemas/automation';
import { queryRows, withTx } from '../../db/tx';
import { createKey } from '../api-keys/api-key-fixtures';
import { startTestServer } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import {
  claim,
  getBot,
  getRun,
  heartbeat,
  makeBot,
  report,
  runNow,
  runWorld,
  startRun,
  testClock,
} from '../runs/run-fixtures';
import type { RunWorld } from '../runs/run-fixtures';
import { sweepRunners } from './runner-sweeper';

const clock = testClock();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ now: clock.now });
});
afterAll(async () => {
  await server?.close();
});

async function changeCount(w: RunWorld): Promise<number> {
  const [row] = await withTx(server.app.database, { userId: null, orgId: w.orgId }, (c) =>
    queryRows<{ n: number }>(c.tx, sql`SELECT count(*)::int AS n FROM org_changes WHERE org_id = ${w.orgId}`),
  );
  return row?.n ?? 0;
}

async function claimOne(w: RunWorld, runnerId: string, botId: string): Promise<string> {
  const res = await claim(w, runnerId, [botId]);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.runs).toHaveLength(1);
  return res.body.runs[0]?.run.id ?? '';
}

describe('run reports', () => {
  it('charge the bot’s pricing for the server-measured duration, whatever the runner says', async () => {
    const w = await runWorld(server);
    const steps = [{ name: 'Open portal', durationMs: 1000, outcome: 'ok' as const }];
    const bot = await makeBot(w, { creditsPerRun: 2, creditsPerMinute: 3, steps });
    await heartbeat(w, 'r1', [bot.id]);
    await runNow(w, bot.id);
    const claimed = await claim(w, 'r1', [bot.id]);
    expect(claimed.body.runs[0]?.steps).toEqual(steps);
    const runId = claimed.body.runs[0]?.run.id ?? '';
    await report(w, runId, { status: 'running', progress: 0, runnerId: 'r1' });
    clock.advance(90_000);
    const done = await report(w, runId, { status: 'succeeded', data: { invoices: 12 }, runnerId: 'r1' });
    expect(done.status).toBe(200);
    // 2 per run + 3 a minute × 1.5 minutes.
    expect(done.body).toMatchObject({ status: 'succeeded', durationMs: 90_000, credits: 6.5, data: { invoices: 12 } });
    expect(await getBot(w, bot.id)).toMatchObject({ status: 'idle', lastRunStatus: 'succeeded' });
  });

  it('take a repeated final report as the same one, and refuse a different outcome', async () => {
    const w = await runWorld(server);
    const bot = await makeBot(w);
    await runNow(w, bot.id);
    const runId = await claimOne(w, 'r1', bot.id);
    await report(w, runId, { status: 'running' });
    const first = await report(w, runId, { status: 'failed', error: 'Captcha' });
    const changes = await changeCount(w);
    const repeat = await report(w, runId, { status: 'failed', error: 'Captcha' });
    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual(first.body);
    expect(await changeCount(w)).toBe(changes);
    const other = await report(w, runId, { status: 'succeeded' });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ error: { code: 'conflict' } });
  });

  it('send progress live without a change, and refuse oversized data', async () => {
    const w = await runWorld(server);
    const bot = await makeBot(w);
    await runNow(w, bot.id);
    const runId = await claimOne(w, 'r1', bot.id);
    await report(w, runId, { status: 'running', progress: 0 });
    const changes = await changeCount(w);
    expect((await report(w, runId, { status: 'running', progress: 50, step: 'Download' })).status).toBe(200);
    expect(await changeCount(w)).toBe(changes);
    const big = { blob: 'x'.repeat(RUN_DATA_MAX_BYTES) };
    const refused = await report(w, runId, { status: 'succeeded', data: big });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: { code: 'validation_failed' } });
    expect((await getRun(w, runId)).status).toBe('running');
  });

  it('refuse a cancelled run, telling the runner why', async () => {
    const w = await runWorld(server);
    const bot = await makeBot(w);
    const run = (await runNow(w, bot.id)).body;
    await claimOne(w, 'r1', bot.id);
    await server.app.inject({
      method: 'POST',
      url: `/v1/orgs/${w.orgId}/runs/${run.id}/cancel`,
      headers: { authorization: `Bearer ${w.owner.token}` },
    });
    const res = await report(w, run.id, { status: 'running' });
    expect(res.status).toBe(409);
    expect(JSON.stringify(res.body)).toMatch(/Cancelled by owner/);
  });

  it('are refused to a session and to a key without runs.execute', async () => {
    const w = await runWorld(server);
    const res = await fetch(`${server.url}/v1/runner/heartbeat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${w.owner.token}` },
      body: JSON.stringify({ runnerId: 'r1', botIds: [] }),
    });
    expect(res.status).toBe(401);
    const reader = await createKey(server, w.owner.token, w.orgId, { scopes: ['org.read'] });
    const refused = await heartbeat({ ...w, key: reader.secret }, 'r1', []);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toMatch(/runs\.execute/);
  });
});

describe('starting runs from a runner', () => {
  it('answers the first run again for the same idempotency key, and claims it for the runner', async () => {
    const w = await runWorld(server);
    const bot = await makeBot(w);
    const first = await startRun(w, bot.id, 'job-42', 'r1');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'queued', startedBy: 'Runner r1' });
    expect(first.body.runnerId).not.toBeNull();
    const again = await startRun(w, bot.id, 'job-42', 'r1');
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    // Claimed by r1 already: another runner finds nothing to claim.
    expect((await claim(w, 'r2', [bot.id])).body.runs).toHaveLength(0);
  });
});

describe('the sweeper', () => {
  it('marks silent runners offline, and their bots unless another runner serves them', async () => {
    const w = await runWorld(server);
    const [solo, shared] = [await makeBot(w), await makeBot(w)];
    await heartbeat(w, 'quiet', [solo.id, shared.id]);
    clock.advance(30_000);
    await heartbeat(w, 'lively', [shared.id]);
    clock.advance(31_000);
    await sweepRunners(server.app.database, clock.now());
    expect((await getBot(w, solo.id)).status).toBe('offline');
    expect((await getBot(w, shared.id)).status).toBe('idle');
    // A heartbeat brings it back.
    await heartbeat(w, 'quiet', [solo.id]);
    expect((await getBot(w, solo.id)).status).toBe('idle');
  });

  it('re-queues a claimed run whose lease expired, and fails a running one', async () => {
    const w = await runWorld(server);
    const bot = await makeBot(w, { creditsPerRun: 5 });
    const claimedRun = (await runNow(w, bot.id)).body;
    await claimOne(w, 'dead', bot.id);
    const runningRun = (await runNow(w, bot.id)).body;
    await claimOne(w, 'dead', bot.id);
    await report(w, runningRun.id, { status: 'running' });
    clock.advance(61_000);
    await sweepRunners(server.app.database, clock.now());
    expect(await getRun(w, claimedRun.id)).toMatchObject({ status: 'queued', runnerId: null });
    expect(await getRun(w, runningRun.id)).toMatchObject({
      status: 'failed',
      error: 'Runner stopped responding',
      credits: 0,
    });
    expect(await claimOne(w, 'alive', bot.id)).toBe(claimedRun.id);
    // The dead runner's late report is refused: the run is not its to finish any more.
    expect((await report(w, runningRun.id, { status: 'succeeded' })).status).toBe(409);
  });

  it('keeps a run whose runner reports progress more often than the lease, and fails it once the runner goes quiet', async () => {
    const w = await runWorld(server);
    const bot = await makeBot(w);
    await heartbeat(w, 'steady', [bot.id]);
    const run = (await runNow(w, bot.id)).body;
    await claimOne(w, 'steady', bot.id);
    await report(w, run.id, { status: 'running', runnerId: 'steady' });
    for (let i = 1; i <= 12; i += 1) {
      clock.advance(15_000);
      await heartbeat(w, 'steady', [bot.id]);
      const progress = await report(w, run.id, { status: 'running', progress: i * 8, runnerId: 'steady' });
      expect(progress.body).toMatchObject({ id: run.id, status: 'running' });
      await sweepRunners(server.app.database, clock.now());
      expect((await getRun(w, run.id)).status).toBe('running');
    }
    clock.advance(61_000);
    await sweepRunners(server.app.database, clock.now());
    expect(await getRun(w, run.id)).toMatchObject({ status: 'failed', error: 'Runner stopped responding' });
  });
});
