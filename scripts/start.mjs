#!/usr/bin/env node
// `npm start`: the sync server on an embedded PGlite database in the user's data folder (seeded with a
// demo account on first run), then the desktop app pointed at it. Where no Electron binary can run, the
// same User Center is served in the browser through the development bridge, and this says so.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dataRoot = process.env.BOTDESK_HOME ?? defaultDataRoot();
const serverPort = Number(process.env.PORT ?? 8787);
const bridgePort = Number(process.env.BOTDESK_BRIDGE_PORT ?? 5180);
const serverUrl = `http://127.0.0.1:${serverPort}`;
const children = [];

function defaultDataRoot() {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Botdesk');
  if (process.platform === 'win32') return join(process.env.APPDATA ?? homedir(), 'Botdesk');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'botdesk');
}

function start(label, command, args, env = {}) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  child.on('exit', (code) => {
    console.log(`${label} exited (${code ?? 'signal'}).`);
    shutdown(code ?? 0);
  });
  children.push(child);
  return child;
}

function shutdown(code) {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

async function waitForServer() {
  for (let i = 0; i < 240; i += 1) {
    try {
      if ((await fetch(`${serverUrl}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The server did not answer at ${serverUrl}/healthz`);
}

function electronBinary() {
  try {
    const path = createRequire(import.meta.url)('electron');
    if (typeof path === 'string' && existsSync(path)) return path;
    // electron's own installer downloads the binary; npm 11 skips install scripts, so try it once here.
    spawnSync(process.execPath, [join(root, 'node_modules/electron/install.js')], { stdio: 'inherit' });
    const again = createRequire(import.meta.url)('electron');
    return typeof again === 'string' && existsSync(again) ? again : null;
  } catch {
    return null;
  }
}

function build(args) {
  const r = spawnSync('npx', args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) shutdown(r.status ?? 1);
}

mkdirSync(dataRoot, { recursive: true });
console.log(`Botdesk data folder: ${dataRoot}`);
start('Server', 'npx', ['tsx', 'server/src/main.ts'], {
  PORT: String(serverPort),
  BOTDESK_DATA_DIR: join(dataRoot, 'server'),
});
await waitForServer();
console.log(`Server ready at ${serverUrl}`);
startDemoRunner();

/** The demo's reference runner, with the key the seed wrote; its end (say, the key was revoked) ends nothing else. */
function startDemoRunner() {
  const keyFile = join(dataRoot, 'server', 'demo-runner.key');
  if (!existsSync(keyFile)) return;
  const args = [
    'tsx',
    'server/src/runner/cli.ts',
    '--server',
    serverUrl,
    '--key-file',
    keyFile,
    '--runner-id',
    'demo-runner',
  ];
  const runner = spawn('npx', args, { cwd: root, stdio: 'inherit', env: process.env });
  runner.on('exit', (code) => console.log(`Demo runner exited (${code ?? 'signal'}).`));
  children.push(runner);
  console.log('Demo runner started (it serves the bots of Acme Automation).');
}

const electron = electronBinary();
if (electron) {
  build(['electron-vite', 'build']);
  start('Botdesk', electron, ['.'], { BOTDESK_DEFAULT_SERVER_URL: serverUrl });
} else {
  console.log('\nNo Electron binary can run on this machine, so the User Center is served in your browser');
  console.log('through the development bridge (same core, same screens). Building it…\n');
  build(['vite', 'build', '--config', 'vite.web.config.ts']);
  start('Bridge', 'npx', [
    'tsx',
    'src/main/bridge/main.ts',
    '--server-url',
    serverUrl,
    '--data-dir',
    join(dataRoot, 'desktop'),
    '--port',
    String(bridgePort),
    '--static',
    join(root, 'dist-web'),
  ]);
}
