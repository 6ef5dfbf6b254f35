import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { repoRoot } from './spawn-child';

/** The bench children built the way electron-vite builds the main process, to run with plain node. */
export type BundledChildren = { coreStart: string; startupSteps: string; dispose(): Promise<void> };

/** Native modules and electron stay outside any bundle. */
const alwaysExternal = ['better-sqlite3', 'keytar', 'electron'];

/**
 * Bundles our code (src/main/core, src/shared, the children) into ESM files and leaves npm
 * dependencies external, loaded from node_modules at run time — as out/main/index.js does. This is
 * the shape the packaged app starts from; tsx adds a loader thread and per-module transforms.
 * `inlineDeps` also bundles the npm packages (zod, drizzle-orm, ...): the shape a
 * `build.externalizeDeps: false` main build would ship.
 */
export async function bundleChildren(options: { inlineDeps: boolean }): Promise<BundledChildren> {
  const outDir = mkdtempSync(join(tmpdir(), 'botdesk-bench-startup-bundle-'));
  const dispose = () => rm(outDir, { recursive: true, force: true });
  try {
    // External imports resolve from the bundle's folder: point it at the repository's node_modules.
    symlinkSync(join(repoRoot, 'node_modules'), join(outDir, 'node_modules'), 'dir');
    writeFileSync(join(outDir, 'package.json'), '{"type":"module"}\n');
    await build({
      configFile: false,
      root: repoRoot,
      logLevel: 'warn',
      resolve: { alias: { '@shared': join(repoRoot, 'src/shared') } },
      ssr: options.inlineDeps ? { noExternal: true, external: alwaysExternal } : {},
      build: {
        ssr: true,
        outDir,
        emptyOutDir: false,
        minify: false,
        sourcemap: false,
        target: 'node20',
        rolldownOptions: {
          input: {
            'core-start': join(repoRoot, 'bench/startup/core-start.ts'),
            'startup-steps': join(repoRoot, 'bench/startup/startup-steps.ts'),
          },
          external: alwaysExternal,
          output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
        },
      },
    });
    return { coreStart: join(outDir, 'core-start.js'), startupSteps: join(outDir, 'startup-steps.js'), dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
