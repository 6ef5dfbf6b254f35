import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forkChild } from './child';
import type { Child } from './child';
import type { ServerHandlers } from './server-process';

/** The bench's sync server: its own process (pid for /proc), its URL, and the seeding requests. */
export type BenchServer = {
  url: string;
  pid: number;
  kind: 'pglite' | 'postgres';
  /** e.g. "PostgreSQL 15.14" (PGlite reports the PostgreSQL version it embeds). */
  engine: string;
  child: Child<ServerHandlers>;
  stop(): Promise<void>;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export async function startBenchServer(options: { databaseUrl: string | null; smtpUrl: string }): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'botdesk-bench-server-'));
  const child = forkChild<ServerHandlers>(join(import.meta.dirname, 'server-process.ts'), 'server');
  const stop = async () => {
    await child.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const port = await freePort();
    const started = await child.call('start', {
      port,
      dataDir,
      smtpUrl: options.smtpUrl,
      databaseUrl: options.databaseUrl,
    });
    return { ...started, pid: child.pid, child, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
