import { stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/**
 * The User Center's Content-Security-Policy: its own files only, no inline script, no plugins, no
 * frames. `connect` lists what it may talk to besides itself (the bridge's WebSocket in a browser;
 * nothing in Electron, where every request goes through the main process).
 */
export function contentSecurityPolicy(connect: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Mantine injects style attributes and <style> tags at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "font-src 'self' data:",
    ['connect-src', "'self'", ...connect].join(' '),
    "worker-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * The file a request path names inside the renderer folder, or index.html for anything else (client
 * routes); null only when the renderer is not built. Never a file outside the folder.
 */
export async function resolveRendererFile(root: string, pathname: string): Promise<string | null> {
  const base = resolve(root);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    decoded = '/';
  }
  const candidate = decoded.includes('\0') ? base : normalize(join(base, decoded));
  const inside = candidate === base || candidate.startsWith(base + sep);
  if (inside && (await isFile(candidate))) return candidate;
  const index = join(base, 'index.html');
  return (await isFile(index)) ? index : null;
}

/** Response headers for a renderer file. */
export function rendererHeaders(file: string, csp: string): Record<string, string> {
  return {
    'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
