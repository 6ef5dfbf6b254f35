import { availableParallelism, loadavg } from 'node:os';
import type { Statement } from 'better-sqlite3';
import { z } from 'zod';
import { botSchema, createdApiKeySchema } from '@shared/schemas/automation';
import { configuredDatabaseUrl } from '../server/src/env';
import { startSmtpMailbox } from '../server/src/testing/test-mailbox';
import type { TestMailbox } from '../server/src/testing/test-mailbox';
import { api, createOrg, signUp } from './lib/accounts';
import type { Account } from './lib/accounts';
import { openDesktop, openDesktops, waitForOrg } from './lib/desktops';
import type { Desktop, Sighting } from './lib/desktops';
import { HttpClient } from './lib/http-client';
import { formatTable, ms, ratio, verdict } from './lib/report';
import type { ReportRow } from './lib/report';
import { startBenchServer } from './lib/server-handle';
import type { BenchServer } from './lib/server-handle';
import { since, sleep, summarize } from './lib/stats';
import { runBench } from './lib/bench-main';
import type { Cleanups } from './lib/bench-main';

// `npm run bench:runs` (last part): report → visible on desktop (DESIGN.md "Performance goals", issue 5):
// a runner's status report (PATCH /v1/runner/runs/:id, `running` then `succeeded`) until each listening
// desktop core has that status in its local SQLite `runs` row; beside it, the report's HTTP round trip
// (the reference) and a progress report until the core emits `runs.progress`. Prints; never fails on a time.

/** Runs per phase; each gives two status reports (running, succeeded) and one progress report. */
const runsPerPhase = 120;
const listenerCount = 20;
const goalMs = 250;
/** Pause after each report, so every sample starts from quiet (trailing sync cycles done). */
const gapMs = 20;
const timeoutMs = 10_000;
const watchdogMs = 10 * 60_000;

function step(text: string): void {
  process.stderr.write(`• ${text}\n`);
}

/** The org every desktop listens to, its bot, and a runner key (runs.execute). */
type RunsWorld = { orgId: string; botId: string; key: string; listeners: Account[] };

async function buildWorld(server: BenchServer, mailbox: TestMailbox): Promise<RunsWorld> {
  const owner = await signUp(server.url, mailbox, 'Latency owner');
  const org = await createOrg(server.url, owner, 'Latency org');
  // Enterprise: its per-key rate limit and credits leave room for the reports.
  await api(server.url, 'PATCH', `/v1/orgs/${org.id}/plan`, z.unknown(), {
    token: owner.token,
    body: { plan: 'enterprise' },
  });
  const bot = await api(server.url, 'POST', `/v1/orgs/${org.id}/bots`, botSchema, {
    token: owner.token,
    body: { name: 'Latency bot', creditsPerRun: 1, creditsPerMinute: 0.1 },
  });
  const created = await api(server.url, 'POST', `/v1/orgs/${org.id}/api-keys`, createdApiKeySchema, {
    token: owner.token,
    body: { name: 'Latency runner', type: 'standard', scopes: ['runs.execute'] },
  });
  const listeners: Account[] = [];
  // A few at a time: each sign-up is a password hash on the server's cores.
  for (let i = 0; i < listenerCount; i += 4) {
    const names = Array.from({ length: Math.min(4, listenerCount - i) }, (_, k) => `Latency listener ${i + k + 1}`);
    listeners.push(...(await Promise.all(names.map((name) => signUp(server.url, mailbox, name)))));
  }
  const userIds = listeners.map((l) => l.user.id);
  await server.child.call('addViewers', { orgId: org.id, ownerId: owner.user.id, userIds });
  return { orgId: org.id, botId: bot.id, key: created.secret, listeners };
}

const statements = new WeakMap<Desktop, Statement<[string, string], { status: string }>>();

/** The desktop's prepared read of one run's stored status. */
function statusStatement(desktop: Desktop): Statement<[string, string], { status: string }> {
  let statement = statements.get(desktop);
  if (!statement) {
    statement = desktop.reader.prepare<[string, string], { status: string }>(
      'SELECT status FROM runs WHERE org_id = ? AND id = ?',
    );
    statements.set(desktop, statement);
  }
  return statement;
}

/**
 * Resolves when the desktop's stored run has `status`: checked on each data.changed event (emitted
 * right after the core's SQLite commit) and, in case an event were missed, every 10 ms.
 */
function watchRunStatus(desktop: Desktop, orgId: string, runId: string, status: string): Promise<Sighting> {
  const statusOf = statusStatement(desktop);
  return new Promise((resolve) => {
    const finish = (sighting: Sighting) => {
      off();
      clearInterval(poll);
      clearTimeout(timer);
      resolve(sighting);
    };
    const check = (via: 'event' | 'poll') => {
      if (statusOf.get(orgId, runId)?.status === status) finish({ at: performance.now(), via });
    };
    const off = desktop.test.core.on('data.changed', () => check('event'));
    const poll = setInterval(() => check('poll'), 10);
    const timer = setTimeout(() => finish({ at: null, via: 'timeout' }), timeoutMs);
  });
}

/** Resolves with the moment the core emits `runs.progress` for the run at `progress` percent (null: never). */
function watchProgress(desktop: Desktop, runId: string, progress: number): Promise<number | null> {
  return new Promise((resolve) => {
    const finish = (at: number | null) => {
      off();
      clearTimeout(timer);
      resolve(at);
    };
    const off = desktop.test.core.on('runs.progress', (p) => {
      if (p.runId === runId && p.progress === progress) finish(performance.now());
    });
    const timer = setTimeout(() => finish(null), timeoutMs);
  });
}

type LatencyResult = {
  desktops: number;
  /** Per (status report, desktop): from just before the report's request to the status in that desktop's SQLite. */
  visibleMs: number[];
  /** Per status report: its HTTP round trip (the reference). */
  reportMs: number[];
  /** Per (progress report, desktop): from just before the request to the core's runs.progress event. */
  progressMs: number[];
  progressReportMs: number[];
  byStatus: Record<'running' | 'succeeded', number[]>;
  viaPoll: number;
  missed: number;
  progressMissed: number;
};

/** One run's life as a runner reports it, timing each report until every desktop has it. */
async function measureReports(
  client: HttpClient,
  world: RunsWorld,
  desktops: readonly Desktop[],
  label: string,
): Promise<LatencyResult> {
  const result: LatencyResult = {
    desktops: desktops.length,
    visibleMs: [],
    reportMs: [],
    progressMs: [],
    progressReportMs: [],
    byStatus: { running: [], succeeded: [] },
    viaPoll: 0,
    missed: 0,
    progressMissed: 0,
  };
  const runnerId = `latency-${label}`;
  const send = async (method: 'POST' | 'PATCH', path: string, body: unknown) => {
    const answer = await client.send(method, path, world.key, body);
    if (answer.status < 200 || answer.status >= 300) {
      throw new Error(`${method} ${path} answered ${answer.status}: ${answer.text.slice(0, 200)}`);
    }
    return JSON.parse(answer.text) as { id: string };
  };
  const statusReport = async (runId: string, status: 'running' | 'succeeded', body: Record<string, unknown>) => {
    const sightings = desktops.map((d) => watchRunStatus(d, world.orgId, runId, status));
    const t0 = performance.now();
    await send('PATCH', `/v1/runner/runs/${runId}`, { ...body, status, runnerId });
    result.reportMs.push(since(t0));
    for (const sighting of await Promise.all(sightings)) {
      const visible = sighting.at === null ? timeoutMs : sighting.at - t0;
      if (sighting.at === null) result.missed += 1;
      if (sighting.via === 'poll') result.viaPoll += 1;
      result.visibleMs.push(visible);
      result.byStatus[status].push(visible);
    }
    await sleep(gapMs);
  };
  for (let i = 0; i < runsPerPhase; i++) {
    // The start is not timed: it queues the run, claimed by this runner; all desktops store it first.
    const idempotencyKey = `${runnerId}-${i}-${Date.now()}`;
    const run = await send('POST', '/v1/runner/runs', { botId: world.botId, idempotencyKey, runnerId });
    await Promise.all(desktops.map((d) => watchRunStatus(d, world.orgId, run.id, 'queued')));
    await sleep(gapMs);
    await statusReport(run.id, 'running', { progress: 0, step: 'Sign in' });

    const heard = desktops.map((d) => watchProgress(d, run.id, 50));
    const t0 = performance.now();
    await send('PATCH', `/v1/runner/runs/${run.id}`, { status: 'running', progress: 50, step: 'Export', runnerId });
    result.progressReportMs.push(since(t0));
    for (const at of await Promise.all(heard)) {
      if (at === null) result.progressMissed += 1;
      result.progressMs.push(at === null ? timeoutMs : at - t0);
    }
    await sleep(gapMs);
    await statusReport(run.id, 'succeeded', { log: 'All steps ok', data: { rows: i } });
  }
  return result;
}

function latencyRows(label: string, r: LatencyResult): ReportRow[] {
  const visible = summarize(r.visibleMs);
  const report = summarize(r.reportMs);
  const progress = summarize(r.progressMs);
  const progressReport = summarize(r.progressReportMs);
  return [
    {
      figure: `Report → visible, ${label} (p50 / p99, n=${visible.n})`,
      measured: `${ms(visible.p50)} / ${ms(visible.p99)}`,
      reference: `report round trip ${ms(report.p50)} / ${ms(report.p99)}`,
      ratio: ratio(visible.p99, report.p99),
      minimum: '—',
      goal: `p99 ≤ ${goalMs} ms`,
      verdict: r.missed > 0 ? `GOAL MISSED (${r.missed} never seen)` : verdict(visible.p99, { goal: goalMs }),
    },
    {
      figure: `  progress → runs.progress event, ${label} (p50 / p99, n=${progress.n})`,
      measured: `${ms(progress.p50)} / ${ms(progress.p99)}`,
      reference: `report round trip ${ms(progressReport.p50)} / ${ms(progressReport.p99)}`,
      ratio: ratio(progress.p99, progressReport.p99),
      minimum: '—',
      goal: '—',
      verdict: r.progressMissed > 0 ? `${r.progressMissed} never heard` : '—',
    },
  ];
}

function detailLine(label: string, r: LatencyResult): string {
  const p99 = (samples: number[]) => ms(summarize(samples).p99);
  return (
    `${label}: running p99 ${p99(r.byStatus.running)}, succeeded p99 ${p99(r.byStatus.succeeded)}; ` +
    `max ${ms(summarize(r.visibleMs).max)}; progress max ${ms(summarize(r.progressMs).max)}; ` +
    `seen by the fallback poll ${r.viaPoll}, never seen ${r.missed}`
  );
}

async function main(cleanups: Cleanups): Promise<void> {
  const databaseUrl = configuredDatabaseUrl() ?? null;
  const loadAtStart = loadavg()[0] ?? NaN;
  const smtp = await startSmtpMailbox();
  cleanups.push(() => smtp.close());
  step(`report → visible: starting the sync server on ${databaseUrl ? 'PostgreSQL' : 'PGlite'}`);
  const server = await startBenchServer({ databaseUrl, smtpUrl: smtp.url });
  cleanups.push(() => server.stop());
  step(`signing up the owner and ${listenerCount} listeners (viewers of one org)`);
  const world = await buildWorld(server, smtp.mailbox);
  const client = new HttpClient(server.url, 1);
  cleanups.push(async () => client.close());

  const [first, ...rest] = world.listeners;
  if (!first) throw new Error('no listener accounts');
  const desktops = [await openDesktop(server.url, first)];
  cleanups.push(async () => {
    for (const d of desktops) await d.close();
  });
  await waitForOrg(desktops[0] as Desktop, world.orgId);
  step(`${runsPerPhase} runs reported to 1 listening desktop`);
  const one = await measureReports(client, world, desktops, 'one');
  desktops.push(...(await openDesktops(server.url, rest)));
  for (const d of desktops) await waitForOrg(d, world.orgId);
  step(`${runsPerPhase} runs reported to ${listenerCount} listening desktops`);
  const many = await measureReports(client, world, desktops, 'many');

  const lines = [
    '',
    `Report → visible on desktop — ${server.engine} (${server.kind}); ${availableParallelism()} CPUs, Node ${process.version}`,
    `Each run: a start (not timed), then running, a 50 % progress report and succeeded, one at a time, ${gapMs} ms apart;`,
    'a desktop sees a status once its SQLite runs row has it, a progress report once its core emits runs.progress.',
    'Desktops are real cores (own temp data folder, live SSE) in this process, sharing its event loop.',
    formatTable([
      ...latencyRows('1 listening desktop', one),
      ...latencyRows(`${listenerCount} listening desktops`, many),
    ]),
    `- ${detailLine('1 desktop', one)}`,
    `- ${detailLine(`${listenerCount} desktops`, many)}`,
    `- 1-minute load average: ${loadAtStart.toFixed(2)} at start, ${(loadavg()[0] ?? NaN).toFixed(2)} at the end`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await runBench('latency benchmark', watchdogMs, main);
