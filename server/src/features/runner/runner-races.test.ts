import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredDatabaseUrl } from '../../env';
import { startTestServer } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { claim, getRun, makeBot, report, runNow, runWorld, startRun, testClock } from '../runs/run-fixtures';
import { sweepRunners } from './runner-sweeper';

// Concurrency of the runner protocol: only PostgreSQL has concurrent connections (PGlite is one).
const databaseUrl = configuredDatabaseUrl();

describe.skipIf(!databaseUrl)('runner races (PostgreSQL only)', () => {
  const clock = testClock();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ now: clock.now });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('gives each queued run to exactly one of 20 concurrent claimers', async () => {
    const w = await runWorld(server);
    const bots = [await makeBot(w), await makeBot(w), await makeBot(w)];
    const botIds = bots.map((b) => b.id);
    const queued: string[] = [];
    for (let i = 0; i < 45; i += 1) queued.push((await runNow(w, botIds[i % 3] ?? '')).body.id);
    const claimer = async (n: number): Promise<string[]> => {
      const mine: string[] = [];
      for (;;) {
        const res = await claim(w, `runner-${n}`, botIds, 2);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        if (res.body.runs.length === 0) return mine;
        mine.push(...res.body.runs.map((r) => r.run.id));
      }
    };
    const perRunner = await Promise.all(Array.from({ length: 20 }, (_, n) => claimer(n)));
    const claimed = perRunner.flat();
    expect(claimed.length).toBe(queued.length);
    expect(new Set(claimed)).toEqual(new Set(queued));
    const holders = new Set((await Promise.all(claimed.slice(0, 5).map((id) => getRun(w, id)))).map((r) => r.runnerId));
    expect(holders.has(null)).toBe(false);
  });

  it('starts one run for one idempotency key, however many starts race', async () => {
    const w = await runWorld(server);
    const bot = await makeBot(w);
    const answers = await Promise.all(Array.from({ length: 20 }, () => startRun(w, bot.id, 'nightly-2026-03-02')));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(19);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
  });

  it('re-queues an expired claim for another runner while reports race the sweeper', async () => {
    const w = await runWorld(server);
    const bot = await makeBot(w);
    const runs = [];
    for (let i = 0; i < 10; i += 1) runs.push((await runNow(w, bot.id)).body.id);
    expect((await claim(w, 'dead', [bot.id], 10)).body.runs).toHaveLength(10);
    clock.advance(61_000);
    const [sweep] = await Promise.all([
      sweepRunners(server.app.database, clock.now()),
      ...runs.map((id) => report(w, id, { status: 'running', runnerId: 'dead' })),
    ]);
    // Each run either started (its report came first) or went back to the queue — never both.
    const after = await Promise.all(runs.map((id) => getRun(w, id)));
    const started = after.filter((r) => r.status === 'running').length;
    const requeued = after.filter((r) => r.status === 'queued' && r.runnerId === null).length;
    expect(started + requeued).toBe(10);
    // The sweep spans every org; this org's share of it is what went back to the queue.
    expect(sweep.runsRequeued).toBeGreaterThanOrEqual(requeued);
    expect((await claim(w, 'alive', [bot.id], 10)).body.runs).toHaveLength(requeued);
  });
});
