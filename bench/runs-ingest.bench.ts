import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import { configuredDatabaseUrl } from '../server/src/env';
import { startSmtpMailbox } from '../server/src/testing/test-mailbox';
import { forkChild } from './lib/child';
import { readCpuMs } from './lib/cpu';
import type { HelloHandlers } from './lib/hello-process';
import { formatTable, ratio } from './lib/report';
import type { ReportRow } from './lib/report';
import { HttpClient } from './lib/http-client';
import { buildRunners } from './lib/runs-world';
import type { BenchRunner } from './lib/runs-world';
import { startBenchServer } from './lib/server-handle';

// `npm run bench:runs`: run-report ingestion on PostgreSQL (DESIGN.md "Performance goals"): 50
// concurrent runners over 10 orgs, the same 50 in one org (its writes serialize on the org's version
// row), and a hello-world Fastify route under the same load as the reference. Prints; never fails on a time.
// It also prints the CPU time each report cost the server and the PostgreSQL cluster: on a machine
// shared with other work the rate moves with the load, the cost per report much less.

const runnerCount = 50;
const orgCount = 10;
const warmupMs = 2_000;
const measureMs = 10_000;
/** Progress reports per run between its start report and its final one. */
const progressPerRun = Number(process.env.PROGRESS_PER_RUN ?? 8);
const minimumPerSecond = 3_000;

function step(text: string): void {
  process.stderr.write(`• ${text}\n`);
}

/** What one phase counted: run reports by kind (progress vs status changes), run starts and refusals. */
type Load = { progress: number; statusChanges: number; starts: number; errors: number; firstError: string | null };

const emptyLoad = (): Load => ({ progress: 0, statusChanges: 0, starts: 0, errors: 0, firstError: null });

/** CPU time the measured phase cost, in ms: the server process, the PostgreSQL cluster's processes and this one (the load). */
type CpuUse = { serverMs: number; postgresMs: number; loadMs: number };

type Figures = Load & { seconds: number; reportsPerSecond: number; cpu: CpuUse };

/** The processes of the PostgreSQL cluster listening on `port`: its postmaster and the postmaster's children. */
function postgresPids(port: string): number[] {
  const procs = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  const read = (pid: string, file: string) => {
    try {
      return readFileSync(`/proc/${pid}/${file}`, 'utf8');
    } catch {
      return '';
    }
  };
  const postmaster = procs.find((pid) => {
    const args = read(pid, 'cmdline').split('\0');
    return args[0]?.endsWith('/postgres') && args.includes('-p') && args[args.indexOf('-p') + 1] === port;
  });
  if (!postmaster) return [];
  const parentOf = (pid: string) => {
    const stat = read(pid, 'stat');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
  };
  return [postmaster, ...procs.filter((pid) => parentOf(pid) === postmaster)].map(Number);
}

/** CPU ms used so far by the server and by the cluster's processes (those alive now). */
function cpuNow(serverPid: number, port: string | null): CpuUse {
  const sum = (pids: number[]) =>
    pids.reduce((total, pid) => {
      try {
        return total + readCpuMs(pid);
      } catch {
        return total;
      }
    }, 0);
  return { serverMs: readCpuMs(serverPid), postgresMs: port ? sum(postgresPids(port)) : 0, loadMs: readCpuMs('self') };
}

/** Runs `worker` on every runner until the deadline; counts (and measures CPU) from the warm-up's end. */
async function drive(
  runners: readonly BenchRunner[],
  worker: (r: BenchRunner, load: Load, until: number) => Promise<void>,
  cpu: () => CpuUse,
): Promise<Figures> {
  const warm = emptyLoad();
  await Promise.all(runners.map((r) => worker(r, warm, Date.now() + warmupMs)));
  const load = emptyLoad();
  const cpuBefore = cpu();
  const measuredFrom = Date.now();
  await Promise.all(runners.map((r) => worker(r, load, measuredFrom + measureMs)));
  const seconds = (Date.now() - measuredFrom) / 1000;
  const cpuAfter = cpu();
  return {
    ...load,
    errors: load.errors + warm.errors,
    firstError: load.firstError ?? warm.firstError,
    seconds,
    reportsPerSecond: (load.progress + load.statusChanges) / seconds,
    // Backends live as long as their pool connection, so their counters span the phase.
    cpu: {
      serverMs: cpuAfter.serverMs - cpuBefore.serverMs,
      postgresMs: cpuAfter.postgresMs - cpuBefore.postgresMs,
      loadMs: cpuAfter.loadMs - cpuBefore.loadMs,
    },
  };
}

async function send(
  client: HttpClient,
  method: 'POST' | 'PATCH',
  path: string,
  key: string,
  body: unknown,
  load: Load,
): Promise<{ id: string } | null> {
  const { status, text } = await client.send(method, path, key, body);
  if (status < 200 || status >= 300) {
    load.errors += 1;
    load.firstError ??= `${method} ${path}: ${status} ${text.slice(0, 200)}`;
    return null;
  }
  return JSON.parse(text) as { id: string };
}

type Report = { kind: 'progress' | 'statusChanges'; body: Record<string, unknown> };

/** One run's reports after its start: running (a status change), progress, then the outcome (a status change). */
function runReports(runnerId: string, cycle: number): Report[] {
  const progress = Array.from({ length: progressPerRun }, (_, i) => ({
    kind: 'progress' as const,
    body: {
      status: 'running',
      progress: Math.round(((i + 1) / (progressPerRun + 1)) * 100),
      step: `Step ${i + 1}`,
      runnerId,
    },
  }));
  return [
    { kind: 'statusChanges', body: { status: 'running', progress: 0, step: 'Sign in', runnerId } },
    ...progress,
    { kind: 'statusChanges', body: { status: 'succeeded', runnerId, log: 'All steps ok', data: { rows: cycle } } },
  ];
}

/** A runner's life: start a run, report it running, progress, succeed — counting every report. */
function reporter(client: HttpClient) {
  return async (r: BenchRunner, load: Load, until: number) => {
    let cycle = 0;
    while (Date.now() < until) {
      cycle += 1;
      const idempotencyKey = `${r.runnerId}-${Date.now()}-${cycle}`;
      const body = { botId: r.botId, idempotencyKey, runnerId: r.runnerId };
      const run = await send(client, 'POST', '/v1/runner/runs', r.key, body, load);
      if (!run) continue;
      load.starts += 1;
      const path = `/v1/runner/runs/${run.id}`;
      for (const report of runReports(r.runnerId, cycle)) {
        if (await send(client, 'PATCH', path, r.key, report.body, load)) load[report.kind] += 1;
      }
    }
  };
}

function helloWorker(client: HttpClient) {
  return async (r: BenchRunner, load: Load, until: number) => {
    while (Date.now() < until) {
      const body = { status: 'running', progress: 50, step: 'Step', runnerId: r.runnerId };
      if (await send(client, 'PATCH', `/hello/${r.botId}`, r.key, body, load)) load.progress += 1;
    }
  };
}

async function main(): Promise<void> {
  const databaseUrl = configuredDatabaseUrl();
  if (!databaseUrl) {
    console.log(
      'bench:runs measures PostgreSQL: set DATABASE_URL, e.g. `bash scripts/with-postgres.sh npm run bench:runs`.',
    );
    return;
  }
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const loadAtStart = loadavg()[0] ?? NaN;
    const smtp = await startSmtpMailbox();
    cleanups.push(() => smtp.close());
    step('starting the sync server on PostgreSQL and a hello-world Fastify server');
    const server = await startBenchServer({ databaseUrl, smtpUrl: smtp.url });
    cleanups.push(() => server.stop());
    const hello = forkChild<HelloHandlers>(join(import.meta.dirname, 'lib', 'hello-process.ts'), 'hello');
    cleanups.push(() => hello.stop());
    const helloUrl = (await hello.call('start', {})).url;

    step(`seeding ${orgCount} orgs with ${runnerCount} runners, and one org with all ${runnerCount}`);
    const spread = await buildRunners(server.url, smtp.mailbox, {
      orgs: orgCount,
      runners: runnerCount,
      label: 'Spread',
    });
    const single = await buildRunners(server.url, smtp.mailbox, { orgs: 1, runners: runnerCount, label: 'Single' });

    const helloClient = new HttpClient(helloUrl, runnerCount);
    const serverClient = new HttpClient(server.url, runnerCount);
    cleanups.push(async () => {
      helloClient.close();
      serverClient.close();
    });
    const postgresPort = new URL(databaseUrl).port || '5432';
    const serverCpu = () => cpuNow(server.pid, postgresPort);
    step(`hello-world: ${runnerCount} concurrent clients, ${measureMs / 1000} s`);
    const baseline = await drive(spread, helloWorker(helloClient), () => cpuNow(hello.pid, null));
    step(`reports over ${orgCount} orgs: ${runnerCount} runners, ${measureMs / 1000} s`);
    const spreadFigures = await drive(spread, reporter(serverClient), serverCpu);
    step(`reports in one org: ${runnerCount} runners, ${measureMs / 1000} s`);
    const singleFigures = await drive(single, reporter(serverClient), serverCpu);
    const loadAtEnd = loadavg()[0] ?? NaN;

    const perSecond = (v: number) => `${Math.round(v).toLocaleString('en')} reports/s`;
    const helloPerSecond = baseline.progress / baseline.seconds;
    const reference = `${Math.round(helloPerSecond).toLocaleString('en')} req/s hello-world`;
    const rows: ReportRow[] = [
      {
        figure: `run reports, ${runnerCount} runners over ${orgCount} orgs`,
        measured: perSecond(spreadFigures.reportsPerSecond),
        reference,
        ratio: ratio(spreadFigures.reportsPerSecond, helloPerSecond),
        minimum: perSecond(minimumPerSecond),
        goal: perSecond(minimumPerSecond),
        verdict: spreadFigures.reportsPerSecond >= minimumPerSecond ? 'minimum met' : 'BELOW MINIMUM',
      },
      {
        figure: `run reports, ${runnerCount} runners in 1 org`,
        measured: perSecond(singleFigures.reportsPerSecond),
        reference,
        ratio: ratio(singleFigures.reportsPerSecond, helloPerSecond),
        minimum: '—',
        goal: '—',
        verdict: '—',
      },
    ];
    console.log(
      `\nRun-report ingestion — ${server.engine}. Each run: 1 start (POST, not counted as a report), then ` +
        `${progressPerRun + 2} reports: 1 running + 1 final (status changes, change-logged) and ${progressPerRun} progress (lease + live signal)`,
    );
    console.log(formatTable(rows));
    for (const [name, f] of [
      [`${orgCount} orgs`, spreadFigures],
      ['1 org', singleFigures],
    ] as const) {
      const rate = (n: number) => Math.round(n / f.seconds).toLocaleString('en');
      console.log(
        `${name}: ${rate(f.progress)} progress/s + ${rate(f.statusChanges)} status changes/s; ${rate(f.starts)} run starts/s besides`,
      );
      const reports = f.progress + f.statusChanges;
      const perReport = (ms: number) => `${reports > 0 ? ((ms / reports) * 1000).toFixed(0) : '—'} µs`;
      console.log(
        `${name}: CPU per report (run starts included) ${perReport(f.cpu.serverMs)} in the server + ${perReport(f.cpu.postgresMs)} in PostgreSQL ` +
          `+ ${perReport(f.cpu.loadMs)} in the load generator ` +
          `(${(f.cpu.serverMs / 10 / f.seconds).toFixed(0)} % + ${(f.cpu.postgresMs / 10 / f.seconds).toFixed(0)} % + ${(f.cpu.loadMs / 10 / f.seconds).toFixed(0)} % of one core)`,
      );
      // What this machine's cores would carry were they all busy at this cost per report.
      const allMs = f.cpu.serverMs + f.cpu.postgresMs + f.cpu.loadMs;
      const ceiling = allMs > 0 ? (availableParallelism() * 1000 * reports) / allMs : NaN;
      console.log(
        `${name}: at that cost, ${availableParallelism()} cores carry at most ${Math.round(ceiling).toLocaleString('en')} reports/s`,
      );
    }
    const perRequest = (ms: number) => (baseline.progress > 0 ? ((ms / baseline.progress) * 1000).toFixed(0) : '—');
    console.log(
      `hello-world: CPU per request ${perRequest(baseline.cpu.serverMs)} µs in its server + ${perRequest(baseline.cpu.loadMs)} µs in the load generator`,
    );
    const errors = [spreadFigures, singleFigures, baseline].filter((f) => f.errors > 0);
    for (const f of errors) console.log(`errors: ${f.errors} (first: ${f.firstError})`);
    console.log(`1-minute load average: ${loadAtStart.toFixed(2)} at start, ${loadAtEnd.toFixed(2)} at the end`);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}

await main();
