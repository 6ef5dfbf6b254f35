import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import { BRIDGE_CLOSE_UNAUTHORIZED, BRIDGE_SECRET_PARAM, bridgeClientMessageSchema } from '@shared/bridge-protocol';
import type { BridgeServerMessage } from '@shared/bridge-protocol';
import { ipcEventNames } from '@shared/ipc';
import type { Core } from '../core/create-core';
import type { ShellRecorder } from '../core/shell/shell-recorder';
import { serveShell } from './shell-routes';
import { contentSecurityPolicy, serveStatic } from './static-files';

export type BridgeOptions = {
  core: Core;
  host?: '127.0.0.1';
  port?: number;
  staticDir?: string;
  secret?: string;
  /** What the core showed as notifications and in the tray (the bridge has no desktop shell). */
  shell?: ShellRecorder;
};
export type Bridge = { url: string; launchUrl: string; secret: string; close(): Promise<void> };

/**
 * Development and tests only: serves the renderer on loopback and hosts the core over a WebSocket
 * at `/bridge`. A client must come from this origin and say `hello` with the per-launch secret first.
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const host = options.host ?? '127.0.0.1';
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  const staticDir = resolve(options.staticDir ?? 'dist-web');
  const clients = new Set<WebSocket>();
  let origins: string[] = [];
  let csp = '';

  const server = createServer((request, response) => {
    if (request.url === '/deep-link') {
      receiveDeepLink(request, options.core, (r) => authorize(r, secret, origins))
        .then((status) => response.writeHead(status).end())
        .catch(() => response.writeHead(400).end());
      return;
    }
    if (request.url?.startsWith('/shell')) {
      const navigate = (route: string) => broadcast({ type: 'event', event: 'app.navigate', payload: { route } });
      serveShell(request, response, {
        shell: options.shell ?? null,
        authorize: (r) => authorize(r, secret, origins),
        navigate,
      });
      return;
    }
    serveStatic(staticDir, request, response, csp).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (request, socket, head) => {
    if (new URL(request.url ?? '/', 'http://127.0.0.1').pathname !== '/bridge') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      // Refused with a close code (not a failed handshake) so a page can tell the user why.
      if (!origins.includes(request.headers.origin ?? '')) ws.close(BRIDGE_CLOSE_UNAUTHORIZED, 'Origin not allowed');
      else acceptClient(ws, options.core, secret, clients);
    });
  });
  const broadcast = (message: BridgeServerMessage) => {
    const text = JSON.stringify(message);
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text);
  };
  const offs = ipcEventNames.map((event) =>
    options.core.on(event, (payload) => broadcast({ type: 'event', event, payload })),
  );

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => done());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  origins = [url, `http://localhost:${port}`];
  csp = contentSecurityPolicy(url);

  return {
    url,
    launchUrl: `${url}/?${BRIDGE_SECRET_PARAM}=${secret}`,
    secret,
    async close() {
      for (const off of offs) off();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/**
 * Plays the operating system handing over a clicked `botdesk://` link (what argv and open-url do
 * in Electron): `POST /deep-link` with the link as the body and the launch secret in a header.
 */
async function receiveDeepLink(
  request: IncomingMessage,
  core: Core,
  authorized: (request: IncomingMessage) => number | null,
): Promise<number> {
  if (request.method !== 'POST') return 405;
  const refused = authorized(request);
  if (refused !== null) return refused;
  let body = '';
  for await (const chunk of request) {
    body += String(chunk);
    if (body.length > 2048) return 413;
  }
  return core.receiveDeepLink(body.trim()) ? 202 : 400;
}

/** null when the request comes from this origin (or none) with the launch secret; else the HTTP status. */
function authorize(request: IncomingMessage, secret: string, origins: string[]): number | null {
  const origin = request.headers.origin;
  if (origin !== undefined && !origins.includes(origin)) return 403;
  const given = request.headers['x-bridge-secret'];
  if (typeof given !== 'string' || !sameSecret(given, secret)) return 401;
  return null;
}

function acceptClient(ws: WebSocket, core: Core, secret: string, clients: Set<WebSocket>): void {
  let authenticated = false;
  const send = (message: BridgeServerMessage) => ws.send(JSON.stringify(message));
  ws.on('close', () => clients.delete(ws));
  ws.on('message', (raw: RawData) => {
    const message = parseMessage(raw);
    if (!authenticated) {
      if (message?.type !== 'hello' || !sameSecret(message.secret, secret)) {
        ws.close(BRIDGE_CLOSE_UNAUTHORIZED, 'Wrong or missing secret');
        return;
      }
      authenticated = true;
      clients.add(ws);
      send({ type: 'ready' });
      return;
    }
    if (message?.type === 'invoke') void relay(message.id, message.method, message.input);
  });
  const relay = async (id: number, method: string, input: unknown) => {
    const response = await core.invoke(method, input);
    if (ws.readyState === ws.OPEN) send({ type: 'result', id, response });
  };
}

function parseMessage(raw: RawData) {
  try {
    const parsed = bridgeClientMessageSchema.safeParse(JSON.parse(raw.toString()));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Constant-time comparison (hashing first makes the lengths equal). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
