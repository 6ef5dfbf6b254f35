// One cold start of the desktop main-process core, alone in this process: import the core, build
// it on a data folder whose user database already holds the org, and ask what the User Center asks
// first (session.get, orgs.list). Prints one `startup-result {json}` line and exits.
// Only Node built-ins and a dependency-free helper are imported statically, so the core's module
// loading is timed below; performance.now() counts from this process's start (performance.timeOrigin).
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CoreStartResult } from './child-results';
import { writeReadyLine, writeResultLine } from './result-line';

const entryAtMs = performance.now();

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'data-dir': { type: 'string' }, 'org-id': { type: 'string' }, 'settle-ms': { type: 'string' } },
  });
  const dataDir = values['data-dir'];
  const orgId = values['org-id'];
  if (!dataDir || !orgId) throw new Error('usage: core-start --data-dir DIR --org-id ID [--settle-ms N]');
  const settleMs = Number(values['settle-ms'] ?? '1000');

  const importStarted = performance.now();
  const [{ createCore }, { JsonFilePrefsStore }, { openBenchSecretStore }] = await Promise.all([
    import('../../src/main/core/create-core'),
    import('../../src/main/core/prefs/json-file-prefs-store'),
    import('./bench-secrets'),
  ]);
  const portsStarted = performance.now();
  const prefs = new JsonFilePrefsStore(join(dataDir, 'preferences.json'));
  const secretStore = openBenchSecretStore(dataDir);
  const coreStarted = performance.now();
  const core = await createCore({ dataDir, secretStore, prefs });
  const askStarted = performance.now();
  const session = await core.invoke('session.get', {});
  const orgs = await core.invoke('orgs.list', {});
  const readyAtMs = performance.now();
  writeReadyLine();
  const rssReadyMb = process.memoryUsage().rss / 2 ** 20;

  const sessionStatus = session.ok
    ? String((session.value as { status?: unknown }).status)
    : `error ${session.error.code}`;
  const listed = orgs.ok ? (orgs.value as { org: { id: string }; local: { state: string } }[]) : [];
  const orgState = orgs.ok
    ? (listed.find((o) => o.org.id === orgId)?.local.state ?? 'missing')
    : `error ${orgs.error.code}`;

  // The engine's first pull (or, offline, its first failed attempt) and the live stream run now.
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const settled = process.memoryUsage();
  // VmHWM, not resourceUsage().maxRSS: on Linux the latter keeps the forking parent's peak across exec.
  const { readRss } = await import('../lib/rss');
  const result: CoreStartResult = {
    entryAtMs,
    importMs: portsStarted - importStarted,
    portsMs: coreStarted - portsStarted,
    createCoreMs: askStarted - coreStarted,
    firstAnswersMs: readyAtMs - askStarted,
    readyAtMs,
    rssReadyMb,
    rssSettledMb: settled.rss / 2 ** 20,
    heapUsedSettledMb: settled.heapUsed / 2 ** 20,
    peakRssMb: readRss('self').peakMb,
    sessionStatus,
    orgState,
  };
  await core.close();
  await writeResultLine(result);
}

try {
  await main();
  process.exit(0);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
