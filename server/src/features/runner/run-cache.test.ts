import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { RunnerReportBody } from '@shared/schemas/automation';
import { openDatabase } from '../../db/client';
import type { Database } from '../../db/client';
import { configuredDatabaseUrl } from '../../env';
import { http } from '../../testing/http';
import { startTestServer } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { countingDatabase, guardedApp } from '../api-keys/api-key-fixtures';
import { heartbeat, makeBot, report, runWorld, startRun } from '../runs/run-fixtures';
import type { RunWorld } from '../runs/run-fixtures';

// Progress reports answered from memory must never outlive a change to the run, made by this
// server process or by another one.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** A run started and reported running by runner r1 through the test server. */
async function runningRun(w: RunWorld): Promise<string> {
  const bot = await makeBot(w);
  await heartbeat(w, 'r1', [bot.id]);
  const runId = (await startRun(w, bot.id, `cache-${crypto.randomUUID()}`, 'r1')).body.id;
  expect((await report(w, runId, { status: 'running', progress: 0, runnerId: 'r1' })).status).toBe(200);
  return runId;
}

const cancel = (w: RunWorld, runId: string) =>
  http(w.server, 'POST', `/v1/orgs/${w.orgId}/runs/${runId}/cancel`, { token: w.owner.token });

describe('progress reports answered from memory', () => {
  it('are refused once the run is cancelled, and for another runner', async () => {
    const w = await runWorld(server);
    const runId = await runningRun(w);
    for (let i = 0; i < 3; i++)
      expect((await report(w, runId, { status: 'running', runnerId: 'r1' })).status).toBe(200);
    await heartbeat(w, 'r2', []);
    expect((await report(w, runId, { status: 'running', runnerId: 'r2' })).status).toBe(409);
    expect((await cancel(w, runId)).status).toBe(200);
    const res = await report(w, runId, { status: 'running', runnerId: 'r1' });
    expect(res.status).toBe(409);
    expect(JSON.stringify(res.body)).toMatch(/Cancelled by owner/);
  });
});

const databaseUrl = configuredDatabaseUrl();

describe.skipIf(!databaseUrl)('progress reports answered from memory across server processes (PostgreSQL only)', () => {
  let other: { app: FastifyInstance; database: Database; count: () => number };
  beforeAll(async () => {
    const database = await openDatabase({ databaseUrl: server.app.config.DATABASE_URL });
    const counted = countingDatabase(database);
    other = { database, count: counted.count, app: await guardedApp(server, { database: counted.database }) };
  });
  afterAll(async () => {
    await other?.app.close();
    await other?.database.close();
  });

  const reportThere = async (w: RunWorld, runId: string, body: RunnerReportBody & { runnerId?: string }) => {
    const res = await other.app.inject({
      method: 'PATCH',
      url: `/v1/runner/runs/${runId}`,
      headers: { authorization: `Bearer ${w.key}` },
      payload: body,
    });
    return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
  };

  it('refuses a run cancelled through one server on the next report to the other, which had it in memory', async () => {
    const w = await runWorld(server);
    const runId = await runningRun(w);
    // Warm the other server (the key's leases, then the run), until a report there asks the database nothing.
    for (let i = 0; i < 6; i++)
      expect((await reportThere(w, runId, { status: 'running', runnerId: 'r1' })).status).toBe(200);
    const before = other.count();
    expect((await reportThere(w, runId, { status: 'running', runnerId: 'r1' })).body).toMatchObject({
      id: runId,
      status: 'running',
    });
    expect(other.count()).toBe(before);
    expect((await cancel(w, runId)).status).toBe(200);
    const res = await reportThere(w, runId, { status: 'running', runnerId: 'r1' });
    expect(res.status).toBe(409);
    expect(JSON.stringify(res.body)).toMatch(/Cancelled by owner/);
  });
});
