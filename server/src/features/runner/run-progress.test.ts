import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveEvent } from '@shared/schemas/sync';
import type { EventStream } from '../sync/sse-client';
import { openEvents } from '../sync/sse-client';
import { startTestServer } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { heartbeat, makeBot, report, runWorld, startRun } from '../runs/run-fixtures';

// The live signal of the progress fast path: what desktops show while a run runs.

let server: TestServer;
const streams: EventStream[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const s of streams) s.close();
  await server?.close();
});

/** The percentage of a run.progress signal, or null for any other event. */
function progressOf(event: LiveEvent): number | null {
  if (event.type !== 'signal' || event.name !== 'run.progress') return null;
  const { progress } = event.data as { progress?: unknown };
  return typeof progress === 'number' ? progress : null;
}

describe('progress reports', () => {
  it('reach the org’s live streams with the run, its bot, the percentage and the step', async () => {
    const w = await runWorld(server);
    const bot = await makeBot(w);
    await heartbeat(w, 'r1', [bot.id]);
    const started = await startRun(w, bot.id, 'progress-1', 'r1');
    const runId = started.body.id;
    expect((await report(w, runId, { status: 'running', progress: 0, runnerId: 'r1' })).status).toBe(200);
    const events = await openEvents(server.url, w.owner.token);
    streams.push(events);
    await events.waitFor((e) => e.type === 'hello');
    const step = 'Export "invoices" \\ ü';
    const res = await report(w, runId, { status: 'running', progress: 40, step, runnerId: 'r1' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: runId, status: 'running' });
    // The start's signal (progress 0) may still be on its way: this one is told by its percentage.
    const signal = await events.waitFor((e) => progressOf(e) === 40);
    expect(signal).toMatchObject({ orgId: w.orgId, data: { runId, botId: bot.id, progress: 40, step } });
  });

  it('send nothing for a run that is not running', async () => {
    const w = await runWorld(server);
    const bot = await makeBot(w);
    await heartbeat(w, 'r1', [bot.id]);
    const started = await startRun(w, bot.id, 'progress-2', 'r1');
    const runId = started.body.id;
    await report(w, runId, { status: 'running', progress: 0, runnerId: 'r1' });
    expect((await report(w, runId, { status: 'succeeded', runnerId: 'r1' })).status).toBe(200);
    const events = await openEvents(server.url, w.owner.token);
    streams.push(events);
    await events.waitFor((e) => e.type === 'hello');
    const late = await report(w, runId, { status: 'running', progress: 90, runnerId: 'r1' });
    expect(late.status).toBe(409);
    // A later run's signal arrives, and the refused report's did not come before it.
    const next = await startRun(w, bot.id, 'progress-3', 'r1');
    await report(w, next.body.id, { status: 'running', progress: 0, runnerId: 'r1' });
    await report(w, next.body.id, { status: 'running', progress: 10, runnerId: 'r1' });
    const signal = await events.waitFor((e) => progressOf(e) === 90 || progressOf(e) === 10);
    expect(signal).toMatchObject({ data: { runId: next.body.id, progress: 10 } });
  });
});
