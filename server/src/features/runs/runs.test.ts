import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run, RunsPage } from '@shared/schemas/automation';
import { http } from '../../testing/http';
import { startTestServer } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { claim, getBot, getRun, heartbeat, makeBot, report, runNow, runWorld } from './run-fixtures';
import type { RunWorld } from './run-fixtures';
import { containsPattern } from './runs.service';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const runsPath = (w: RunWorld, query = '') => `/v1/orgs/${w.orgId}/runs${query}`;
const listRuns = (w: RunWorld, query = '') =>
  http<RunsPage>(server, 'GET', runsPath(w, query), { token: w.owner.token });

describe('run now, cancel and retry', () => {
  it('queue a run started by the person, cancel it with their name, and retry it as a new run', async () => {
    const w = await runWorld(server);
    const bot = await makeBot(w);
    const run = await runNow(w, bot.id);
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ status: 'queued', startedBy: 'owner', actorId: w.owner.userId, credits: 0 });

    const cancelled = await http<Run>(server, 'POST', `${runsPath(w)}/${run.body.id}/cancel`, { token: w.owner.token });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', error: 'Cancelled by owner', credits: 0 });
    const again = await http(server, 'POST', `${runsPath(w)}/${run.body.id}/cancel`, { token: w.owner.token });
    expect(again.status).toBe(409);

    const retry = await http<Run>(server, 'POST', `${runsPath(w)}/${run.body.id}/retry`, { token: w.owner.token });
    expect(retry.body).toMatchObject({ status: 'queued', retryOf: run.body.id, botId: bot.id });
    const notYet = await http(server, 'POST', `${runsPath(w)}/${retry.body.id}/retry`, { token: w.owner.token });
    expect(notYet.status).toBe(409);
    expect(JSON.stringify(notYet.body)).toMatch(/Only failed or cancelled runs/);
  });

  it('answer a foreign run like a missing one', async () => {
    const w = await runWorld(server);
    const other = await runWorld(server);
    const run = (await runNow(other, (await makeBot(other)).id)).body;
    expect((await http(server, 'GET', `${runsPath(w)}/${run.id}`, { token: w.owner.token })).status).toBe(404);
    expect((await http(server, 'POST', `${runsPath(w)}/${run.id}/cancel`, { token: w.owner.token })).status).toBe(404);
  });
});

describe('the run history', () => {
  it('filters by bot, status, date and text over error and log, newest first, in cursor pages', async () => {
    const w = await runWorld(server);
    const [alpha, beta] = [await makeBot(w, { name: 'Alpha' }), await makeBot(w, { name: 'Beta' })];
    await heartbeat(w, 'r1', [alpha.id, beta.id]);
    const made: Run[] = [];
    for (let i = 0; i < 5; i += 1) made.push((await runNow(w, i % 2 === 0 ? alpha.id : beta.id)).body);
    // Finish two of them: one fails with a telling error, one succeeds with a log line.
    const claimed = await claim(w, 'r1', [alpha.id, beta.id], 2);
    const [first, second] = claimed.body.runs.map((c) => c.run.id);
    await report(w, first ?? '', { status: 'failed', error: 'Login page 100% changed_layout' });
    await report(w, second ?? '', { status: 'succeeded', log: 'Read 12 INVOICES' });

    const all = await listRuns(w);
    expect(all.body.runs.map((r) => r.id)).toEqual(made.map((r) => r.id).reverse());
    expect((await listRuns(w, `?botId=${beta.id}`)).body.runs).toHaveLength(2);
    expect((await listRuns(w, '?status=failed')).body.runs.map((r) => r.id)).toEqual([first]);
    expect((await listRuns(w, '?q=invoices')).body.runs.map((r) => r.id)).toEqual([second]);
    // Wildcards are literal: "100%" matches the error, "100_" matches nothing.
    expect((await listRuns(w, `?q=${encodeURIComponent('100% changed_')}`)).body.runs).toHaveLength(1);
    expect((await listRuns(w, `?q=${encodeURIComponent('100_')}`)).body.runs).toHaveLength(0);
    expect((await listRuns(w, '?from=2999-01-01T00:00:00.000Z')).body.runs).toHaveLength(0);
    expect((await listRuns(w, '?to=2999-01-01T00:00:00.000Z')).body.runs).toHaveLength(5);

    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page: RunsPage = (await listRuns(w, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body;
      pages.push(page.runs.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(all.body.runs.map((r) => r.id));
  });

  it('escapes LIKE wildcards in the text filter', () => {
    expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });
});

describe('bot status follows its runs', () => {
  it('goes queued, running, then idle on success and error on failure', async () => {
    const w = await runWorld(server);
    const bot = await makeBot(w);
    await heartbeat(w, 'r1', [bot.id]);
    await runNow(w, bot.id);
    expect((await getBot(w, bot.id)).status).toBe('queued');
    const [claimed] = (await claim(w, 'r1', [bot.id])).body.runs;
    const runId = claimed?.run.id ?? '';
    await report(w, runId, { status: 'running', progress: 0 });
    expect((await getBot(w, bot.id)).status).toBe('running');
    await report(w, runId, { status: 'failed', error: 'Boom' });
    expect(await getBot(w, bot.id)).toMatchObject({ status: 'error', lastRunId: runId, lastRunStatus: 'failed' });
    expect((await getRun(w, runId)).error).toBe('Boom');
  });
});
