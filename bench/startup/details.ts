import { mb, ms } from '../lib/report';
import { median } from '../lib/stats';
import { finite, kb, total } from './figures';
import type { StartupFigures } from './figures';
import type { PageLoad } from './renderer-runs';

const list = (values: readonly number[]) => values.map((v) => ms(v)).join(', ');

function coreLines(f: StartupFigures): string[] {
  return f.core.flatMap((s) => {
    const name = `${s.launcher}, ${s.network}`;
    const r = s.runs.map((run) => run.result);
    const at = (pick: (x: (typeof r)[number]) => number) => ms(median(r.map(pick)));
    return [
      `core ${name}: spawn → restored ${list(s.runs.map((run) => run.readyWallMs))} (warm-up run ${ms(s.warmup.readyWallMs)})`,
      `  in-process (p50): entry at ${at((x) => x.entryAtMs)}, import ${at((x) => x.importMs)}, ports ${at((x) => x.portsMs)}, ` +
        `createCore ${at((x) => x.createCoreMs)}, session.get + orgs.list ${at((x) => x.firstAnswersMs)}, ready at ${at((x) => x.readyAtMs)} after process start`,
      `  memory (p50): RSS at restore ${mb(median(r.map((x) => x.rssReadyMb)))}, 1 s later ${mb(median(r.map((x) => x.rssSettledMb)))}, ` +
        `heap used ${mb(median(r.map((x) => x.heapUsedSettledMb)))}, peak (VmHWM) ${mb(median(r.map((x) => x.peakRssMb)))}`,
    ];
  });
}

function pageLine(label: string, loads: readonly PageLoad[]): string {
  const of = (pick: (l: PageLoad) => number | null) => list(finite(loads.map(pick)));
  return `${label}: FCP ${of((l) => l.fcpMs)}; shell ${of((l) => l.shellMs)}; members ${of((l) => l.membersMs)}; DOMContentLoaded ${of((l) => l.domContentLoadedMs)}`;
}

function rendererLines(f: StartupFigures): string[] {
  const { renderer } = f;
  const shown = renderer.cold[0]?.membersShown;
  return [
    pageLine('renderer cold opens', renderer.cold),
    pageLine('renderer reloads', renderer.reloads),
    pageLine('renderer warm-up open (not in the table)', [renderer.warmup]),
    `reference page FCP: ${list(finite(f.referenceFcp))}`,
    `the overview showed ${shown?.toLocaleString('en') ?? 'n/a'} active members: members.list returns every member row, each JSON- and zod-parsed in main and again in the page`,
  ];
}

function bundleLines(f: StartupFigures): string[] {
  const { web } = f;
  const rendered = web.byOrigin.reduce((sum, o) => sum + o.bytes, 0);
  const top = web.byOrigin
    .slice(0, 10)
    .map((o) => `${o.origin} ${kb(o.bytes)} (${((o.bytes / rendered) * 100).toFixed(0)}%)`)
    .join(', ');
  const files = web.js.map((a) => `${a.file} ${kb(a.bytes)} / gzip ${kb(a.gzipBytes)}`).join('; ');
  const dist = web.distWeb
    ? `dist-web/ as last built by npm run build:web: ${kb(total(web.distWeb, 'bytes'))} / gzip ${kb(total(web.distWeb, 'gzipBytes'))}`
    : 'dist-web/ is not built';
  return [
    `renderer build (vite.web.config.ts, fresh, ${ms(web.buildMs)}): ${files}; ${dist}`,
    `JS by origin, pre-minification (${kb(rendered)} rendered): ${top}`,
  ];
}

export function detailLines(f: StartupFigures): string[] {
  return [
    `setup: ${f.memberRows.toLocaleString('en')} members seeded in ${f.seedSeconds.toFixed(1)} s; the desktop's own sign-in → org ready took ${ms(f.bootstrapMs)}`,
    ...coreLines(f),
    ...rendererLines(f),
    ...bundleLines(f),
  ];
}
