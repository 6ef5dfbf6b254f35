import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const alias = { '@shared': resolve(__dirname, 'src/shared'), '@renderer': resolve(__dirname, 'src/renderer/src') };

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      // Pure-JS packages are bundled into the main file: resolving them from node_modules at start
      // cost ~100 ms of cold start (bench:startup). Native and Electron-bound ones stay external.
      externalizeDeps: { exclude: ['zod', 'drizzle-orm', 'uuidv7'] },
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/main/electron/main.ts') },
        // Native modules load from node_modules at run time (rebuilt for Electron when packaging).
        external: ['better-sqlite3', 'keytar'],
      },
    },
  },
  preload: {
    resolve: { alias },
    // A sandboxed preload cannot be ESM or require local files: one self-contained CommonJS file.
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
      externalizeDeps: false,
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    resolve: { alias },
    plugins: [react()],
    build: { rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } } },
  },
});
