import type { Rss } from '../lib/rss';
import type { StepTiming } from './child-results';
import type { CoreStartSeries, Launcher } from './core-runs';
import type { AssetSize } from './renderer-build';
import type { RendererFigures } from './renderer-runs';

/** Everything one `npm run bench:startup` measured, for the table and the notes under it. */
export type StartupFigures = {
  memberRows: number;
  seedSeconds: number;
  bootstrapMs: number;
  core: CoreStartSeries[];
  steps: Partial<Record<Launcher['name'], StepTiming[][]>>;
  renderer: RendererFigures;
  referenceFcp: (number | null)[];
  /** The bridge process (the desktop core behind the page) after the cold opens. */
  bridgeRss: Rss | null;
  web: {
    js: AssetSize[];
    css: AssetSize[];
    byOrigin: { origin: string; bytes: number }[];
    buildMs: number;
    distWeb: AssetSize[] | null;
  };
};

/** Finite values only (a missing FCP is null). */
export function finite(values: readonly (number | null)[]): number[] {
  return values.filter((v): v is number => v !== null && Number.isFinite(v));
}

export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KB`;
}

export function total(assets: readonly AssetSize[], key: 'bytes' | 'gzipBytes'): number {
  return assets.reduce((sum, a) => sum + a[key], 0);
}
