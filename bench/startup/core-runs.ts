import { join } from 'node:path';
import { coreStartResultSchema, entryResultSchema, stepTimingsSchema } from './child-results';
import type { CoreStartResult, EntryResult, StepTiming } from './child-results';
import { repoRoot, runNodeChild } from './spawn-child';
import type { ChildRun } from './spawn-child';

/**
 * How the child programs start: under tsx from source (development), bundled with npm packages
 * external (the packaged shape, out/main), or bundled with them inlined (a what-if).
 */
export type Launcher = {
  name: 'tsx' | 'bundled' | 'inlined';
  coreStart: string[];
  startupSteps: string[];
  entryProbe: string[];
};

/** Prints performance.now() at its first statement (process start → user code) and its RSS there. */
const probe = `process.stdout.write('startup-result ' + JSON.stringify({ entryAtMs: performance.now(), rssMb: process.memoryUsage().rss / 2 ** 20 }) + '\\n')`;

export function tsxLauncher(): Launcher {
  const tsx = ['--import', 'tsx'];
  return {
    name: 'tsx',
    coreStart: [...tsx, join(repoRoot, 'bench/startup/core-start.ts')],
    startupSteps: [...tsx, join(repoRoot, 'bench/startup/startup-steps.ts')],
    entryProbe: [...tsx, '-e', probe],
  };
}

export function bundledLauncher(
  name: 'bundled' | 'inlined',
  files: { coreStart: string; startupSteps: string },
): Launcher {
  return { name, coreStart: [files.coreStart], startupSteps: [files.startupSteps], entryProbe: ['-e', probe] };
}

export type CoreStartSeries = {
  launcher: Launcher['name'];
  network: 'online' | 'offline';
  /** The first run (disk caches, tsx's transform cache): reported apart. */
  warmup: ChildRun<CoreStartResult>;
  runs: ChildRun<CoreStartResult>[];
  /** The reference process, one run beside each core start. */
  probes: ChildRun<EntryResult>[];
};

type Target = { dataDir: string; orgId: string; network: 'online' | 'offline' };

async function coreStart(launcher: Launcher, target: Target): Promise<ChildRun<CoreStartResult>> {
  const args = [...launcher.coreStart, '--data-dir', target.dataDir, '--org-id', target.orgId, '--settle-ms', '1000'];
  const run = await runNodeChild(args, coreStartResultSchema, {
    label: `core-start ${launcher.name} ${target.network}`,
  });
  const { sessionStatus, orgState } = run.result;
  // Every timed run must have come up signed in on the stored org, or its figure means nothing.
  if (sessionStatus !== 'signedIn' || orgState !== 'ready') {
    throw new Error(`core started ${sessionStatus} with the org ${orgState} (${launcher.name}, ${target.network})`);
  }
  return run;
}

function entryProbe(launcher: Launcher): Promise<ChildRun<EntryResult>> {
  return runNodeChild(launcher.entryProbe, entryResultSchema, { label: `node -e ${launcher.name}` });
}

/**
 * `runs` rounds; each round starts every launcher's core once in a fresh process, right after its
 * reference process, so a busy moment on a shared machine hits all of them alike. One warm-up first.
 */
export async function measureCoreStarts(
  launchers: readonly Launcher[],
  target: Target,
  runs: number,
): Promise<CoreStartSeries[]> {
  const series: CoreStartSeries[] = [];
  for (const launcher of launchers) {
    await entryProbe(launcher);
    series.push({
      launcher: launcher.name,
      network: target.network,
      warmup: await coreStart(launcher, target),
      runs: [],
      probes: [],
    });
  }
  for (let i = 0; i < runs; i++) {
    for (const [k, launcher] of launchers.entries()) {
      const s = series[k] as CoreStartSeries;
      s.probes.push(await entryProbe(launcher));
      s.runs.push(await coreStart(launcher, target));
    }
  }
  return series;
}

/** The step breakdown (startup-steps.ts): `runs` rounds over the launchers after one warm-up each. */
export async function measureSteps(
  launchers: readonly Launcher[],
  target: { dataDir: string; userId: string; orgId: string },
  runs: number,
): Promise<Partial<Record<Launcher['name'], StepTiming[][]>>> {
  const once = async (launcher: Launcher) => {
    const args = [
      ...launcher.startupSteps,
      '--data-dir',
      target.dataDir,
      '--user-id',
      target.userId,
      '--org-id',
      target.orgId,
    ];
    return (await runNodeChild(args, stepTimingsSchema, { label: `startup-steps ${launcher.name}` })).result;
  };
  const all: Partial<Record<Launcher['name'], StepTiming[][]>> = {};
  for (const launcher of launchers) {
    await once(launcher);
    all[launcher.name] = [];
  }
  for (let i = 0; i < runs; i++) for (const launcher of launchers) all[launcher.name]?.push(await once(launcher));
  return all;
}
