import type { IncomingMessage, ServerResponse } from 'node:http';
import { appRouteSchema } from '@shared/schemas/app';
import type { ShellRecorder } from '../core/shell/shell-recorder';

export type ShellRouteDeps = {
  shell: ShellRecorder | null;
  /** null when allowed, else the HTTP status to refuse with. */
  authorize(request: IncomingMessage): number | null;
  /** Sends the page to an in-app route, as Electron does when a notification is clicked. */
  navigate(route: string): void;
};

/**
 * Plays the desktop shell for development and tests, behind the launch secret:
 * `GET /shell` answers what the core showed (notifications, the tray), and
 * `POST /shell/notification-click` with a route as the body does what a notification click does.
 */
export function serveShell(request: IncomingMessage, response: ServerResponse, deps: ShellRouteDeps): void {
  const refused = deps.authorize(request);
  if (refused !== null || !deps.shell) {
    response.writeHead(refused ?? 404).end();
    return;
  }
  const { shell } = deps;
  if (request.method === 'GET' && request.url === '/shell') {
    const body = JSON.stringify({ notifications: shell.notifications, tray: shell.trayModel });
    response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    return;
  }
  if (request.method === 'POST' && request.url === '/shell/notification-click') {
    readRoute(request)
      .then((route) => {
        if (route === null) return response.writeHead(400).end();
        deps.navigate(route);
        return response.writeHead(202).end();
      })
      .catch(() => response.writeHead(400).end());
    return;
  }
  response.writeHead(404).end();
}

async function readRoute(request: IncomingMessage): Promise<string | null> {
  let body = '';
  for await (const chunk of request) {
    body += String(chunk);
    if (body.length > 1024) return null;
  }
  const parsed = appRouteSchema.safeParse(body.trim());
  return parsed.success ? parsed.data : null;
}
