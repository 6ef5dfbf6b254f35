import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '@shared/schemas/automation';
import { createApp } from '../app';
import { openDatabase } from '../db/client';
import type { Database } from '../db/client';
import { queryRows, withTx } from '../db/tx';
import { configuredDatabaseUrl, loadEnv } from '../env';
import type { Env } from '../env';
import { makeBot, runNow, runWorld } from '../features/runs/run-fixtures';
import type { RunWorld } from '../features/runs/run-fixtures';
import { http } from '../testing/http';
import { startSmtpMailbox } from '../testing/test-mailbox';
import { createFreshDatabase } from '../testing/test-server';
import type { TestServer } from '../testing/test-server';
import { startRunner } from './runner';
import type { RunningRunner } from './runner';

// The reference runner across a server restart: the server goes away in the middle of a run and comes
// back on the same port and the same database (a PGlite folder on disk, or a PostgreSQL database).
// The runner keeps retrying its reports; the run must end once, be logged and charged once, and the
// runner must go on serving. Timeouts are generous (a loaded 2-core machine); no duration is asserted.

/** A server that can be stopped and started again on the same port, database and secrets. */
type RestartableServer = TestServer & {
  database(): Database;
  /** Closes the server to requests, runs `whileClosed` on its still-open database, then closes that too. */
  stop(whileClosed?: (database: Database) => Promise<void>): Promise<void>;
  start(): Promise<void>;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function restartableServer(): Promise<RestartableServer> {
  const smtp = await startSmtpMailbox();
  const dataDir = await mkdtemp(join(tmpdir(), 'botdesk-restart-'));
  const baseUrl = configuredDatabaseUrl();
  const fresh = baseUrl ? await createFreshDatabase(baseUrl) : null;
  const port = await freePort();
  const env: Env = loadEnv({
    NODE_ENV: 'test',
    PORT: String(port),
    BOTDESK_DATA_DIR: dataDir,
    BOTDESK_AUTH_SECRET: randomBytes(32).toString('base64url'),
    SMTP_URL: smtp.url,
    LOG_LEVEL: 'silent',
    DATABASE_URL: fresh?.url,
  });
  let running: { app: FastifyInstance; database: Database } | null = null;
  const current = () => {
    if (!running) throw new Error('the server is stopped');
    return running;
  };
  const start = async () => {
    // PGlite keeps its files in the data folder, so a restart finds every row again.
    const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: join(dataDir, 'pglite') });
    const app = await createApp({ env, database });
    await app.listen({ host: '127.0.0.1', port });
    running = { app, database };
  };
  const stop = async (whileClosed?: (database: Database) => Promise<void>) => {
    const r = current();
    running = null;
    await r.app.close();
    await whileClosed?.(r.database);
    await r.database.close();
  };
  await start();
  return {
    url: `http://127.0.0.1:${port}`,
    get app() {
      return current().app;
    },
    mail: smtp.mailbox,
    database: () => current().database,
    start,
    stop,
    async close() {
      if (running) await stop();
      await smtp.close();
      await fresh?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Per test: two server starts on PGlite and a run of several seconds, on a possibly loaded machine. */
const testTimeoutMs = 240_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The run as its org's owner reads it, or null while the server is away (restarting). */
async function readRun(w: RunWorld, runId: string): Promise<Run | null> {
  try {
    const res = await http<Run>(w.server, 'GET', `/v1/orgs/${w.orgId}/runs/${runId}`, { token: w.owner.token });
    return res.status === 200 ? res.body : null;
  } catch {
    return null;
  }
}

/** Polls the run until `done` holds (the runner works on its own schedule; the server may be restarting). */
async function runUntil(w: RunWorld, runId: string, done: (run: Run) => boolean, what: string): Promise<Run> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const run = await readRun(w, runId);
    if (run && done(run)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} never ${what}; last seen ${run?.status ?? 'nothing'}`);
    await sleep(50);
  }
}

/** What the database holds about one run: its logged status changes and its ledger rows. */
async function storedTrail(database: Database, w: RunWorld, runId: string) {
  return withTx(database, { userId: null, orgId: w.orgId }, async (c) => ({
    loggedStatuses: (
      await queryRows<{ status: string }>(
        c.tx,
        sql`SELECT data->>'status' AS status FROM org_changes
            WHERE org_id = ${w.orgId} AND entity = 'run' AND entity_id = ${runId} ORDER BY version`,
      )
    ).map((r) => r.status),
    ledger: await queryRows<{ kind: string; credits: number }>(
      c.tx,
      sql`SELECT kind, credits::float8 AS credits FROM credit_ledger WHERE org_id = ${w.orgId} AND run_id = ${runId}`,
    ),
    status: (
      await queryRows<{ status: string }>(
        c.tx,
        sql`SELECT status FROM runs WHERE org_id = ${w.orgId} AND id = ${runId}`,
      )
    )[0]?.status,
  }));
}

/**
 * A pass-through proxy for the runner. The first final report goes through to the server, which
 * commits it; then — as if the server died before answering — the server is restarted and the
 * runner's connection is cut, so the runner never learns that its report landed.
 */
async function proxyLosingFinalAnswer(server: RestartableServer): Promise<{ url: string; close(): Promise<void> }> {
  let cut = false;
  const proxy: Server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const final = req.method === 'PATCH' && body.includes('"succeeded"');
      void fetch(`${server.url}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers: { authorization: req.headers.authorization ?? '', 'content-type': 'application/json' },
        body: body || null,
      })
        .then(async (answer) => {
          const text = await answer.text();
          if (final && !cut && answer.ok) {
            cut = true;
            await server.stop();
            await server.start();
            res.socket?.destroy();
            return;
          }
          res.writeHead(answer.status, { 'content-type': 'application/json' }).end(text);
        })
        .catch(() => res.socket?.destroy());
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        proxy.close(() => resolve());
        proxy.closeAllConnections();
      }),
  };
}

async function waitForLine(lines: string[], line: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!lines.includes(line)) {
    if (Date.now() > deadline) throw new Error(`the runner never logged "${line}": ${lines.join(' | ')}`);
    await sleep(50);
  }
}

const succeededEntries = (statuses: string[]) => statuses.filter((s) => s === 'succeeded');

let server: RestartableServer;
const runners: RunningRunner[] = [];
beforeAll(async () => {
  server = await restartableServer();
});
afterAll(async () => {
  // A runner a test stopped already stops again at once.
  for (const runner of runners) await runner.stop();
  await server?.close();
});

function serve(url: string, key: string, runnerId: string, lines: string[]): RunningRunner {
  const log = (line: string) => lines.push(line);
  const runner = startRunner({ server: url, key, runnerId, heartbeatMs: 500, pollMs: 100, retryBaseMs: 100, log });
  runners.push(runner);
  return runner;
}

describe('the reference runner across a server restart', () => {
  it(
    'finishes the run it was performing once, charged once, and goes on serving',
    async () => {
      const w = await runWorld(server);
      const steps = Array.from({ length: 10 }, (_, i) => ({
        name: `Step ${i + 1}`,
        durationMs: 600,
        outcome: 'ok' as const,
      }));
      const bot = await makeBot(w, { name: 'Long bot', creditsPerRun: 2, creditsPerMinute: 0, steps });
      const lines: string[] = [];
      serve(server.url, w.key, 'restart-runner', lines);
      const first = (await runNow(w, bot.id)).body;
      await runUntil(w, first.id, (r) => r.status === 'running', 'started');

      let statusWhenStopped: string | undefined;
      await server.stop(async (database) => {
        statusWhenStopped = (await storedTrail(database, w, first.id)).status;
      });
      // The run was in progress when the server went away (its steps take 6 s).
      expect(statusWhenStopped).toBe('running');
      await sleep(3_000);
      await server.start();

      const done = await runUntil(w, first.id, (r) => r.finishedAt !== null, 'finished');
      expect(done).toMatchObject({ status: 'succeeded', credits: 2, error: null });
      expect(done.log).toBe(steps.map((s) => `${s.name}: ok`).join('\n'));
      // The runner did retry through the outage (what "survives" means here).
      expect(lines.some((l) => l.includes('retrying'))).toBe(true);
      const trail = await storedTrail(server.database(), w, first.id);
      expect(succeededEntries(trail.loggedStatuses)).toHaveLength(1);
      expect(trail.loggedStatuses.at(-1)).toBe('succeeded');
      expect(trail.ledger).toEqual([{ kind: 'consumption', credits: -2 }]);

      const second = (await runNow(w, bot.id)).body;
      const next = await runUntil(w, second.id, (r) => r.finishedAt !== null, 'finished');
      expect(next).toMatchObject({ status: 'succeeded', credits: 2 });
      const secondTrail = await storedTrail(server.database(), w, second.id);
      expect(succeededEntries(secondTrail.loggedStatuses)).toHaveLength(1);
      expect(secondTrail.ledger).toHaveLength(1);
    },
    testTimeoutMs,
  );

  it(
    'sends its final report again when the server died before answering it, and it counts once',
    async () => {
      const w = await runWorld(server);
      const steps = [
        { name: 'Sign in', durationMs: 200, outcome: 'ok' as const },
        { name: 'Export', durationMs: 200, outcome: 'ok' as const, data: { rows: 7 } },
      ];
      const bot = await makeBot(w, { name: 'Export bot', creditsPerRun: 3, creditsPerMinute: 0, steps });
      const proxy = await proxyLosingFinalAnswer(server);
      const lines: string[] = [];
      const runner = serve(proxy.url, w.key, 'proxied-runner', lines);
      try {
        const run = (await runNow(w, bot.id)).body;

        const done = await runUntil(w, run.id, (r) => r.finishedAt !== null, 'finished');
        expect(done).toMatchObject({ status: 'succeeded', credits: 3, data: { rows: 7 } });
        // The runner heard nothing back, retried the same report, and took the server's answer as its own.
        await waitForLine(lines, `run ${run.id} succeeded`);
        expect(lines.some((l) => l.startsWith(`PATCH /v1/runner/runs/${run.id}`) && l.includes('retrying'))).toBe(true);
        const trail = await storedTrail(server.database(), w, run.id);
        expect(succeededEntries(trail.loggedStatuses)).toHaveLength(1);
        expect(trail.ledger).toEqual([{ kind: 'consumption', credits: -3 }]);

        const next = (await runNow(w, bot.id)).body;
        expect(await runUntil(w, next.id, (r) => r.finishedAt !== null, 'finished')).toMatchObject({
          status: 'succeeded',
        });
      } finally {
        await runner.stop();
        await proxy.close();
      }
    },
    testTimeoutMs,
  );
});
