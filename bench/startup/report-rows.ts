import { mb, ms, ratio, verdict } from '../lib/report';
import type { ReportRow } from '../lib/report';
import { median, summarize } from '../lib/stats';
import type { CoreStartSeries, Launcher } from './core-runs';
import { finite, kb, total } from './figures';
import type { StartupFigures } from './figures';
import type { PageLoad } from './renderer-runs';

const none = '—';
export const launcherLabel: Record<Launcher['name'], string> = {
  bundled: 'bundled like out/main',
  inlined: 'bundled, npm deps inlined (what-if)',
  tsx: 'tsx from source',
};
const probeLabel: Record<Launcher['name'], string> = {
  bundled: "node -e ''",
  inlined: "node -e ''",
  tsx: "node --import tsx -e ''",
};

function p50(values: readonly number[]): number {
  return median(values);
}

function coreRows(f: StartupFigures, s: CoreStartSeries): ReportRow[] {
  const label = `${launcherLabel[s.launcher]}, ${s.network === 'online' ? 'server up' : 'network off'}`;
  const wall = summarize(s.runs.map((r) => r.readyWallMs));
  const probes = s.probes;
  const probeWall = p50(probes.map((p) => p.readyWallMs));
  const probeRss = p50(probes.map((p) => p.result.rssMb));
  const of = (pick: (r: CoreStartSeries['runs'][number]['result']) => number) => p50(s.runs.map((r) => pick(r.result)));
  const importMs = of((r) => r.importMs);
  const createMs = of((r) => r.createCoreMs);
  const rss = summarize(s.runs.map((r) => r.result.rssSettledMb));
  return [
    {
      figure: `Core cold start → workspace restored, ${label} (p50 / max, n=${wall.n})`,
      measured: `${ms(wall.p50)} / ${ms(wall.max)}`,
      reference: `${probeLabel[s.launcher]} ${ms(probeWall)}`,
      ratio: ratio(wall.p50, probeWall),
      minimum: none,
      goal: none,
      verdict: none,
    },
    {
      figure: `  of which import core modules / createCore (p50; ratio import ÷ createCore)`,
      measured: `${ms(importMs)} / ${ms(createMs)}`,
      reference: `start → entry ${ms(of((r) => r.entryAtMs))}`,
      ratio: ratio(importMs, createMs),
      minimum: none,
      goal: none,
      verdict: none,
    },
    {
      figure: `  RSS 1 s after restore, ${f.memberRows.toLocaleString('en')} rows stored (p50 / max)`,
      measured: `${mb(rss.p50)} / ${mb(rss.max)}`,
      reference: `${probeLabel[s.launcher]} ${mb(probeRss)}`,
      ratio: ratio(rss.p50, probeRss),
      minimum: none,
      goal: '≤ 150 MB',
      verdict: verdict(rss.max, { goal: 150 }),
    },
  ];
}

type Milestone = { key: 'fcpMs' | 'shellMs' | 'membersMs'; label: string };
const milestones: Milestone[] = [
  { key: 'fcpMs', label: 'first contentful paint' },
  { key: 'shellMs', label: 'User Center shell visible (sidebar shows the org)' },
  { key: 'membersMs', label: 'overview "Active members" shown (members.list)' },
];

function rendererRows(f: StartupFigures, loads: PageLoad[], kind: string): ReportRow[] {
  const refFcp = p50(finite(f.referenceFcp));
  const shell = p50(loads.map((l) => l.shellMs));
  return milestones.map((m) => {
    const value = p50(finite(loads.map((l) => l[m.key])));
    const vsShell = m.key === 'membersMs';
    return {
      figure: `Renderer ${m.label}, ${kind} (p50, n=${loads.length})`,
      measured: ms(value),
      reference: vsShell ? `shell visible ${ms(shell)}` : `1-paragraph page FCP ${ms(refFcp)}`,
      ratio: ratio(value, vsShell ? shell : refFcp),
      minimum: none,
      goal: none,
      verdict: none,
    };
  });
}

function bridgeAndBundleRows(f: StartupFigures): ReportRow[] {
  const coreAlone = f.core.find((s) => s.launcher === 'tsx' && s.network === 'online');
  const aloneMb = coreAlone ? p50(coreAlone.runs.map((r) => r.result.rssSettledMb)) : NaN;
  const js = f.web.js;
  return [
    {
      figure: 'Bridge process RSS (core + bridge, tsx) after the cold opens',
      measured: `${mb(f.bridgeRss?.rssMb ?? null)} (peak ${mb(f.bridgeRss?.peakMb ?? null)})`,
      reference: `core alone, tsx ${mb(aloneMb)}`,
      ratio: f.bridgeRss ? ratio(f.bridgeRss.rssMb, aloneMb) : 'n/a',
      minimum: none,
      goal: '≤ 150 MB',
      verdict: f.bridgeRss ? verdict(f.bridgeRss.peakMb, { goal: 150 }) : 'not measured',
    },
    {
      figure: `User Center JS (${js.length} file${js.length === 1 ? '' : 's'}), raw / gzip`,
      measured: `${kb(total(js, 'bytes'))} / ${kb(total(js, 'gzipBytes'))}`,
      reference: `its CSS ${kb(total(f.web.css, 'bytes'))} / ${kb(total(f.web.css, 'gzipBytes'))}`,
      ratio: none,
      minimum: none,
      goal: none,
      verdict: none,
    },
  ];
}

export function startupRows(f: StartupFigures): ReportRow[] {
  return [
    ...f.core.flatMap((s) => coreRows(f, s)),
    ...rendererRows(f, f.renderer.cold, 'cold open'),
    ...rendererRows(f, f.renderer.reloads, 'reload'),
    ...bridgeAndBundleRows(f),
  ];
}

/** Step | p50 per launcher, from startup-steps.ts runs. */
export function stepTable(f: StartupFigures): string {
  const launchers = (['bundled', 'inlined', 'tsx'] as const).filter((l) => (f.steps[l]?.length ?? 0) > 0);
  const runsOf = (l: Launcher['name']) => f.steps[l] ?? [];
  const labels = runsOf(launchers[0] ?? 'bundled')[0]?.map((s) => s.label) ?? [];
  const cell = (l: Launcher['name'], i: number) => ms(p50(runsOf(l).map((run) => run[i]?.ms ?? NaN)));
  const noteOf = (i: number) => runsOf(launchers[0] ?? 'bundled').at(-1)?.[i]?.note;
  const rows = labels.map((label, i) => {
    const note = noteOf(i);
    return [note ? `${label} (${note})` : label, ...launchers.map((l) => cell(l, i))];
  });
  const header = [
    'step (fresh process, in order; p50)',
    ...launchers.map((l) => `${launcherLabel[l]} (n=${runsOf(l).length})`),
  ];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((x, c) => x.padEnd(widths[c] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
