import { mkdtempSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import type { Plugin } from 'vite';
import { repoRoot } from './spawn-child';

/** One emitted asset: bytes on disk and gzip-compressed (node:zlib, default level). */
export type AssetSize = { file: string; bytes: number; gzipBytes: number };

/** The User Center as `npm run build:web` builds it, in a temp folder the bridge serves. */
export type RendererBuild = {
  dir: string;
  js: AssetSize[];
  css: AssetSize[];
  /** Rendered (pre-minification) JS per npm package or source folder, largest first. */
  byOrigin: { origin: string; bytes: number }[];
  buildMs: number;
  dispose(): Promise<void>;
};

/** node_modules/<pkg> (scoped kept whole) or the source folder two levels under src/renderer/src. */
function originOf(id: string): string {
  const path = id.replace(/^\0/, '').split('?')[0] ?? id;
  const inModules = path.lastIndexOf('/node_modules/');
  if (inModules >= 0) {
    const parts = path.slice(inModules + '/node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? path);
  }
  const relative = path.startsWith(repoRoot) ? path.slice(repoRoot.length) : path;
  return relative
    .split('/')
    .slice(0, relative.startsWith('src/renderer/src/') ? 4 : 2)
    .join('/');
}

function sizeByOrigin(sink: Map<string, number>): Plugin {
  return {
    name: 'botdesk-bench-size-by-origin',
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        for (const [id, module] of Object.entries(output.modules)) {
          const origin = originOf(id);
          sink.set(origin, (sink.get(origin) ?? 0) + module.renderedLength);
        }
      }
    },
  };
}

async function sizesOf(dir: string, extension: string): Promise<AssetSize[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(extension));
  return Promise.all(
    files.map(async (file) => {
      const body = await readFile(join(dir, file));
      return { file, bytes: body.length, gzipBytes: gzipSync(body).length };
    }),
  );
}

/** Builds with vite.web.config.ts (only the output folder differs), measuring what it emitted. */
export async function buildRenderer(): Promise<RendererBuild> {
  const dir = mkdtempSync(join(tmpdir(), 'botdesk-bench-startup-web-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    const origins = new Map<string, number>();
    const started = performance.now();
    await build({
      configFile: join(repoRoot, 'vite.web.config.ts'),
      logLevel: 'warn',
      plugins: [sizeByOrigin(origins)],
      build: { outDir: dir, emptyOutDir: true },
    });
    const buildMs = performance.now() - started;
    const assets = join(dir, 'assets');
    return {
      dir,
      js: await sizesOf(assets, '.js'),
      css: await sizesOf(assets, '.css'),
      byOrigin: [...origins].map(([origin, bytes]) => ({ origin, bytes })).sort((a, b) => b.bytes - a.bytes),
      buildMs,
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** The JS files of an existing dist-web (what `npm run build:web` last left), or null. */
export async function distWebJs(): Promise<AssetSize[] | null> {
  try {
    return await sizesOf(join(repoRoot, 'dist-web/assets'), '.js');
  } catch {
    return null;
  }
}
