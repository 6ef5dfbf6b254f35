import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../../..');

export type Running = { url: string; stop(): Promise<void> };

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `botdesk-e2e-${prefix}-`));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

// Node itself with tsx's loader, not `npx tsx`: the child is the program, so stopping it stops the
// program (a signal to npx left the server running and listening on its port).
function spawnLogged(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[${args[0]}] ${d.toString()}`));
  return child;
}

/** SIGTERM (a clean shutdown), then SIGKILL if the program has not exited within 10 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** The real sync server as its own process, on PGlite in `dataDir` (kept across restarts). */
export async function startServer(opts: { dataDir: string; port: number; smtpUrl: string }): Promise<Running> {
  const url = `http://127.0.0.1:${opts.port}`;
  const child = spawnLogged(['server/src/main.ts'], {
    PORT: String(opts.port),
    BOTDESK_DATA_DIR: opts.dataDir,
    SMTP_URL: opts.smtpUrl,
    PUBLIC_URL: url,
    LOG_LEVEL: 'warn',
  });
  // Nobody reads its stdout: keep the pipe draining so the server never blocks on a full one.
  child.stdout?.resume();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, stop: () => stopChild(child) };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stopChild(child);
  throw new Error('server did not become healthy');
}

/** The desktop core behind the development bridge, serving the built renderer; resolves to its launch URL. */
export async function startBridge(opts: { serverUrl: string; dataDir: string; port: number }): Promise<Running> {
  const child = spawnLogged(
    [
      'src/main/bridge/main.ts',
      '--server-url',
      opts.serverUrl,
      '--data-dir',
      opts.dataDir,
      '--port',
      String(opts.port),
      '--static',
      join(root, 'dist-web'),
    ],
    {},
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bridge printed no launch URL: ${out}`));
    }, 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = out.match(/(http:\/\/127\.0\.0\.1:\d+\/\S*bridgeSecret=\S+)/);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`bridge exited with ${code}: ${out}`)));
  });
  return { url, stop: () => stopChild(child) };
}

/**
 * The reference runner (`npm run runner`) as its own process, serving the key's org; resolves once
 * its first heartbeat landed (it prints the runner id). The key travels in a file, not the args.
 */
export async function startRunner(opts: { serverUrl: string; key: string }): Promise<Running> {
  const keyFile = join(tempDir('runner'), 'runner.key');
  writeFileSync(keyFile, opts.key, { mode: 0o600 });
  const child = spawnLogged(['server/src/runner/cli.ts', '--server', opts.serverUrl, '--key-file', keyFile], {});
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`runner printed no heartbeat: ${out}`));
    }, 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (/heartbeat|serving|online/i.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`runner exited with ${code}: ${out}`)));
  });
  child.stdout?.resume();
  return { url: opts.serverUrl, stop: () => stopChild(child) };
}
