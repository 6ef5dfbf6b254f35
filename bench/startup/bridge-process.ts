import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { bridgeServerMessageSchema } from '@shared/bridge-protocol';
import type { BridgeClientMessage, BridgeServerMessage } from '@shared/bridge-protocol';
import { repoRoot } from './spawn-child';

/** The development bridge as its own process: the desktop core behind the User Center in a browser. */
export type BridgeProcess = { pid: number; origin: string; launchUrl: string; stop(): Promise<void> };

/** Starts `src/main/bridge/main.ts` under tsx, as `npm start` does without Electron; resolves on its launch URL. */
export async function startBridgeProcess(options: {
  serverUrl: string;
  dataDir: string;
  staticDir: string;
}): Promise<BridgeProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(repoRoot, 'src/main/bridge/main.ts'),
      '--server-url',
      options.serverUrl,
      '--data-dir',
      options.dataDir,
      '--port',
      '0',
      '--static',
      options.staticDir,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => process.stderr.write(`[bridge] ${chunk}`));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const launchUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`the bridge printed no launch URL: ${out}`)), 60_000);
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        out += chunk;
        const match = /(http:\/\/127\.0\.0\.1:\d+\/\S*bridgeSecret=\S+)/.exec(out);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      void exited.then(() => reject(new Error(`the bridge exited: ${out}`)));
    });
    return { pid: child.pid ?? -1, origin: new URL(launchUrl).origin, launchUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function parseServerMessage(text: string): BridgeServerMessage | null {
  try {
    const parsed = bridgeServerMessageSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Signs the bridge's core in over its WebSocket, as the User Center's sign-in form would (no keychain
 * service runs here, so the bridge keeps tokens in memory and starts signed out).
 */
export async function signInThroughBridge(
  bridge: BridgeProcess,
  input: { serverUrl: string; email: string; password: string; orgId: string },
): Promise<void> {
  const ws = new WebSocket(`${bridge.origin.replace(/^http/, 'ws')}/bridge`, { origin: bridge.origin });
  const secret = new URL(bridge.launchUrl).searchParams.get('bridgeSecret') ?? '';
  const answers = new Map<number, (response: unknown) => void>();
  let onReady: () => void = () => undefined;
  ws.on('message', (raw) => {
    const message = parseServerMessage(String(raw));
    if (message?.type === 'ready') onReady();
    if (message?.type === 'result') answers.get(message.id)?.(message.response);
  });
  const send = (message: BridgeClientMessage) => ws.send(JSON.stringify(message));
  const invoke = (id: number, method: string, params: unknown) =>
    new Promise<void>((resolve, reject) => {
      answers.set(id, (response) => {
        const ok = typeof response === 'object' && response !== null && 'ok' in response && response.ok === true;
        if (ok) resolve();
        else reject(new Error(`bridge ${method} failed: ${JSON.stringify(response)}`));
      });
      send({ type: 'invoke', id, method, input: params });
    });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    await new Promise<void>((resolve, reject) => {
      onReady = resolve;
      ws.once('close', (code) => reject(new Error(`the bridge closed the socket (${code})`)));
      send({ type: 'hello', secret });
    });
    await invoke(1, 'session.signIn', { serverUrl: input.serverUrl, email: input.email, password: input.password });
    await invoke(2, 'orgs.setActive', { orgId: input.orgId });
  } finally {
    ws.close();
  }
}
