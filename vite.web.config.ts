import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The User Center for the browser (served by the development bridge): src/renderer → dist-web/. */
export default defineConfig({
  root: here('./src/renderer'),
  base: './',
  plugins: [react()],
  resolve: { alias: { '@shared': here('./src/shared'), '@renderer': here('./src/renderer/src') } },
  // Loaded from disk or loopback, never over a network: one bundle is fine.
  build: { outDir: here('./dist-web'), emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
});
