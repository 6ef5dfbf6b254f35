import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '@shared/schemas/automation';
import { startTestServer } from '../testing/test-server';
import type { TestServer } from '../testing/test-server';
import { getBot, getRun, makeBot, runNow, runWorld } from '../features/runs/run-fixtures';
import type { RunWorld } from '../features/runs/run-fixtures';
import { startRunner } from './runner';
import type { RunningRunner } from './runner';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** Polls the run until it has finished (the runner works on its own schedule). */
async function finished(w: RunWorld, runId: string): Promise<Run> {
  for (let i = 0; i < 200; i += 1) {
    const run = await getRun(w, runId);
    if (run.finishedAt) return run;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`run ${runId} did not finish`);
}

describe('the reference runner', () => {
  let w: RunWorld;
  let runner: RunningRunner;
  beforeAll(async () => {
    w = await runWorld(server);
  });
  afterAll(async () => {
    await runner?.stop();
  });

  it('serves the org’s bots: performs their steps and reports what happened', async () => {
    const good = await makeBot(w, {
      name: 'Invoices',
      creditsPerRun: 1,
      steps: [
        { name: 'Sign in', durationMs: 20, outcome: 'ok' },
        { name: 'Read invoices', durationMs: 20, outcome: 'ok', data: { invoices: 3 } },
      ],
    });
    const bad = await makeBot(w, {
      name: 'Portal',
      steps: [
        { name: 'Open portal', durationMs: 10, outcome: 'ok' },
        { name: 'Solve captcha', durationMs: 10, outcome: 'fail', error: 'Captcha changed' },
      ],
    });
    runner = startRunner({ server: server.url, key: w.key, runnerId: 'test-runner', heartbeatMs: 200, pollMs: 20 });
    const [goodRun, badRun] = [(await runNow(w, good.id)).body, (await runNow(w, bad.id)).body];

    expect(await finished(w, goodRun.id)).toMatchObject({
      status: 'succeeded',
      data: { invoices: 3 },
      log: 'Sign in: ok\nRead invoices: ok',
      error: null,
    });
    const failed = await finished(w, badRun.id);
    expect(failed).toMatchObject({ status: 'failed', error: 'Captcha changed' });
    expect(failed.log).toContain('Solve captcha: failed');
    expect(failed.credits).toBeGreaterThanOrEqual(1);
    expect(await getBot(w, good.id)).toMatchObject({ status: 'idle', lastRunStatus: 'succeeded' });
    expect(await getBot(w, bad.id)).toMatchObject({ status: 'error', lastRunStatus: 'failed' });
  });
});
