import { availableParallelism, loadavg } from 'node:os';
import { configuredDatabaseUrl } from '../server/src/env';
import { startSmtpMailbox } from '../server/src/testing/test-mailbox';
import { measureSyncWriteMs } from './lib/machine';
import { bootstrapPhase, desktopMemoryPhase, mutationPhase, openOwnerDesktop, propagationPhase } from './lib/phases';
import { formatTable, ms } from './lib/report';
import { detailLines, resultRows } from './lib/results';
import { readRss, RssSampler } from './lib/rss';
import { startBenchServer } from './lib/server-handle';
import { buildWorld } from './lib/world';
import { runBench } from './lib/bench-main';
import type { Cleanups } from './lib/bench-main';

// `npm run bench:sync`: the sync figures of DESIGN.md "Performance goals", measured on this machine
// and printed beside their references and the stated minimums. Nothing here fails on a time.
// PGlite by default; PostgreSQL when DATABASE_URL is set (a fresh database, dropped afterwards).

const memberRows = 100_000;
const bootstrapRuns = 3;
const mutationCount = 2_000;
const propagationChanges = 200;
const listenerCount = 20;
/** The whole run stops by itself after this, whatever hangs. */
const watchdogMs = 15 * 60_000;

/** The machine's load around the run: figures taken while other work competes for the CPUs are slower. */
function loadLine(atStart: number, atEnd: number): string {
  const busy = Math.max(atStart, atEnd) > availableParallelism();
  const note = busy ? ' — more runnable work than CPUs: other processes were competing' : '';
  return `1-minute load average: ${atStart.toFixed(2)} at start, ${atEnd.toFixed(2)} at the end${note}`;
}

function step(text: string): void {
  process.stderr.write(`• ${text}\n`);
}

async function main(cleanups: Cleanups): Promise<void> {
  const databaseUrl = configuredDatabaseUrl() ?? null;
  const syncWriteMs = measureSyncWriteMs();
  const loadAtStart = loadavg()[0] ?? NaN;
  const smtp = await startSmtpMailbox();
  cleanups.push(() => smtp.close());
  step(`starting the sync server on ${databaseUrl ? 'PostgreSQL (DATABASE_URL)' : 'PGlite'}`);
  const server = await startBenchServer({ databaseUrl, smtpUrl: smtp.url });
  cleanups.push(() => server.stop());
  const sampler = new RssSampler(server.pid);
  cleanups.push(async () => sampler.stop());
  const idleMb = readRss(server.pid).rssMb;

  step(`signing up ${listenerCount + 1} users; seeding ${memberRows.toLocaleString('en')} members with SQL`);
  const world = await buildWorld(server, smtp.mailbox, { memberRows, listeners: listenerCount });
  step(
    `seeded in ${world.seedSeconds.toFixed(1)} s; bootstrap: 1 cold + ${bootstrapRuns} runs, each beside a raw insert`,
  );
  sampler.phase('bootstrap');
  const boot = await bootstrapPhase(server, world, bootstrapRuns);
  sampler.phase(null);
  cleanups.push(() => boot.kept.dispose());

  step('desktop memory: one core in its own process downloads the big org');
  const desktop = await desktopMemoryPhase(server, world);

  step(
    `local mutations: ${mutationCount.toLocaleString('en')} on a bootstrapped database and through a signed-in core`,
  );
  const owner = await openOwnerDesktop(server, world);
  cleanups.push(() => owner.desktop.close());
  step(`owner desktop signed in; big org ready after ${ms(owner.readyMs)}`);
  const mutations = await mutationPhase(boot.kept, owner.desktop, world.bigOrgId, mutationCount);

  step(
    `propagation: ${propagationChanges} commits each to 1 desktop (big org), 1 and ${listenerCount} desktops (small org)`,
  );
  const propagation = await propagationPhase(server, world, owner.desktop, { changes: propagationChanges, sampler });
  const { peakMb: hwmMb } = readRss(server.pid);

  const figures = {
    bootstrap: boot.figures,
    mutations,
    propagation,
    desktop,
    server: { idleMb, bootstrapPeakMb: sampler.peak('bootstrap'), loadPeakMb: sampler.peak('many desktops'), hwmMb },
    serverKind: server.kind,
    listeners: listenerCount,
  };
  const where =
    server.kind === 'pglite'
      ? `PGlite (${server.engine}, embedded in the server process, data folder on disk)`
      : `PostgreSQL (${server.engine}, a fresh database on the DATABASE_URL cluster)`;
  const lines = [
    '',
    'Botdesk sync benchmark',
    `database: ${where}`,
    `machine: ${availableParallelism()} CPUs, Node ${process.version}, temp disk writes+fsyncs 4 KiB in ${ms(syncWriteMs)} (median)`,
    loadLine(loadAtStart, loadavg()[0] ?? NaN),
    `server in its own process (pid ${server.pid}); desktops are real cores (own temp data folder, live SSE) over loopback`,
    '',
    formatTable(resultRows(figures)),
    '',
    ...detailLines(figures).map((line) => `- ${line}`),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await runBench('sync benchmark', watchdogMs, main);
