import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  contentSecurityPolicy as rendererCsp,
  rendererHeaders,
  resolveRendererFile,
} from '../core/security/renderer-files';

/** The page may load only its own files and talk only to this bridge. */
export function contentSecurityPolicy(origin: string): string {
  return rendererCsp([origin.replace(/^http/, 'ws')]);
}

/** Serves the built renderer; unknown paths get index.html (client-side routes such as /orgs/:id). */
export async function serveStatic(
  root: string,
  request: IncomingMessage,
  response: ServerResponse,
  csp: string,
): Promise<void> {
  const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
  const file = await resolveRendererFile(root, pathname);
  if (!file) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    response.end('The User Center is not built: run `npm run build:web`.');
    return;
  }
  const body = await readFile(file);
  response.writeHead(200, rendererHeaders(file, csp));
  response.end(request.method === 'HEAD' ? undefined : body);
}
