import { availableParallelism, loadavg } from 'node:os';
import { formatTable, ms } from './lib/report';
import { readRss } from './lib/rss';
import type { Rss } from './lib/rss';
import { startBridgeProcess, signInThroughBridge } from './startup/bridge-process';
import { bundleChildren } from './startup/bundle';
import { bundledLauncher, measureCoreStarts, measureSteps, tsxLauncher } from './startup/core-runs';
import type { CoreStartSeries, Launcher } from './startup/core-runs';
import { detailLines } from './startup/details';
import type { StartupFigures } from './startup/figures';
import { buildRenderer, distWebJs } from './startup/renderer-build';
import { launchChromium, measureReferencePage, measureRenderer } from './startup/renderer-runs';
import type { RendererFigures } from './startup/renderer-runs';
import { startupRows, stepTable } from './startup/report-rows';
import { buildStartupWorld } from './startup/workspace';
import type { StartupWorld } from './startup/workspace';

// `npm run bench:startup`: how fast Botdesk opens with a 100k-row organization stored locally — the
// main-process core in fresh processes (server up and network off) and the User Center in Chromium
// through the development bridge — printed beside references measured in the same run. Nothing
// here fails on a time.

const memberRows = 100_000;
const coreRuns = 10;
const stepRuns = 5;
const pageRuns = 5;
/** The whole run stops by itself after this, whatever hangs. */
const watchdogMs = 10 * 60_000;

const launcherOrder: Launcher['name'][] = ['bundled', 'inlined', 'tsx'];
const seriesOrder = (s: CoreStartSeries) => launcherOrder.indexOf(s.launcher) * 2 + (s.network === 'online' ? 0 : 1);

function step(text: string): void {
  process.stderr.write(`• ${text}\n`);
}

async function measureRendererPhase(
  world: StartupWorld,
  staticDir: string,
  cleanups: (() => Promise<void>)[],
): Promise<{ renderer: RendererFigures; referenceFcp: (number | null)[]; bridgeRss: Rss | null }> {
  const bridge = await startBridgeProcess({ serverUrl: world.server.url, dataDir: world.dataDir, staticDir });
  cleanups.push(() => bridge.stop());
  try {
    await signInThroughBridge(bridge, {
      serverUrl: world.server.url,
      email: world.owner.user.email,
      password: world.owner.password,
      orgId: world.orgId,
    });
    const browser = await launchChromium();
    try {
      const renderer = await measureRenderer(
        browser,
        { launchUrl: bridge.launchUrl, orgId: world.orgId, orgName: world.orgName },
        pageRuns,
      );
      const bridgeRss = readRss(bridge.pid);
      const referenceFcp = await measureReferencePage(browser, pageRuns);
      return { renderer, referenceFcp, bridgeRss };
    } finally {
      await browser.close();
    }
  } finally {
    await bridge.stop();
  }
}

async function main(): Promise<void> {
  const cleanups: (() => Promise<void>)[] = [];
  let cleaning: Promise<void> | null = null;
  // Newest first; each runs once even when the watchdog or Ctrl-C and the normal end both ask.
  const cleanUp = () =>
    (cleaning ??= (async () => {
      for (const cleanup of cleanups.reverse()) {
        await cleanup().catch((error: unknown) => process.stderr.write(`cleanup failed: ${String(error)}\n`));
      }
    })());
  const abort = (code: number, why: string) => {
    process.stderr.write(`${why}; stopping the server, bridge and browser first.\n`);
    void cleanUp().finally(() => process.exit(code));
  };
  const watchdog = setTimeout(
    () => abort(2, `The benchmark did not finish within ${watchdogMs / 60_000} minutes`),
    watchdogMs,
  );
  watchdog.unref();
  process.once('SIGINT', () => abort(130, 'Interrupted'));
  process.once('SIGTERM', () => abort(143, 'Terminated'));
  const load = () => loadavg()[0]?.toFixed(2) ?? 'n/a';
  const loadAtStart = load();
  try {
    step('building the User Center (vite.web.config.ts) and the bundled bench children');
    const web = await buildRenderer();
    cleanups.push(() => web.dispose());
    const external = await bundleChildren({ inlineDeps: false });
    cleanups.push(() => external.dispose());
    const inlined = await bundleChildren({ inlineDeps: true });
    cleanups.push(() => inlined.dispose());
    const bundled = bundledLauncher('bundled', external);
    const launchers: Launcher[] = [bundled, bundledLauncher('inlined', inlined), tsxLauncher()];

    const world = await buildStartupWorld({ memberRows, log: step });
    cleanups.push(() => world.dispose());
    const target = { dataDir: world.dataDir, orgId: world.orgId };

    const names = launchers.map((l) => l.name).join(', ');
    step(`step breakdown: ${stepRuns} fresh processes each (${names})`);
    const steps = await measureSteps(launchers, { ...target, userId: world.owner.user.id }, stepRuns);
    step(`core, server up: ${coreRuns} rounds of cold starts (${names}), each beside its reference process`);
    const core: CoreStartSeries[] = await measureCoreStarts(launchers, { ...target, network: 'online' }, coreRuns);

    step(`renderer: bridge on the same data folder, ${pageRuns} cold opens and ${pageRuns} reloads in Chromium`);
    const page = await measureRendererPhase(world, web.dir, cleanups);

    step('network off: stopping the server');
    const stopping = performance.now();
    const exited = await world.takeServerOffline(20_000);
    step(
      `server port closed; process ${exited ? 'exited' : 'still draining'} after ${ms(performance.now() - stopping)}`,
    );
    const offline = [bundled, tsxLauncher()];
    step(`core, network off: ${coreRuns} rounds of cold starts (${offline.map((l) => l.name).join(', ')})`);
    core.push(...(await measureCoreStarts(offline, { ...target, network: 'offline' }, coreRuns)));

    const figures: StartupFigures = {
      memberRows: world.memberRows,
      seedSeconds: world.seedSeconds,
      bootstrapMs: world.bootstrapMs,
      core: [...core].sort((a, b) => seriesOrder(a) - seriesOrder(b)),
      steps,
      ...page,
      web: { js: web.js, css: web.css, byOrigin: web.byOrigin, buildMs: web.buildMs, distWeb: await distWebJs() },
    };
    const lines = [
      '',
      'Botdesk startup benchmark',
      `machine: ${availableParallelism()} CPUs, Node ${process.version}, 1-min load average ${loadAtStart} at the start, ${load()} at the end; ` +
        'every core start is a fresh process on loopback; "bundled" is how electron-vite ships main (our code in one ESM file, npm packages from node_modules)',
      '',
      formatTable(startupRows(figures)),
      '',
      stepTable(figures),
      '',
      ...detailLines(figures).map((line) => `- ${line}`),
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await cleanUp();
    clearTimeout(watchdog);
  }
}

try {
  await main();
  process.exit(0);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
