import type { TestServer } from '../testing/test-server';

export type Answer = { status: number; body: unknown };

/** Fills a route's path (`/v1/orgs/:orgId/members/:memberId`, a `*` wildcard) with the values given. */
export function pathOf(template: string, values: Record<string, string>): string {
  const fill = (name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${template}`);
    return encodeURIComponent(value);
  };
  return template.replace(/:([A-Za-z]+)/g, (_, name: string) => fill(name)).replace('*', () => fill('*'));
}

/**
 * One request as a case makes it: JSON in, JSON out where the answer is JSON (a snapshot is NDJSON,
 * the docs HTML), redirects not followed. With `stream`, a successful answer's body is not read: the
 * stream is closed once its status has arrived.
 */
export async function send(
  server: TestServer,
  method: string,
  path: string,
  options: { token?: string | undefined; body?: unknown; stream?: boolean; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? null : JSON.stringify(options.body),
    redirect: 'manual',
  });
  if (options.stream && response.ok) {
    await response.body?.cancel();
    return { status: response.status, body: null };
  }
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.includes('application/json') ?? false;
  return { status: response.status, body: isJson && text ? (JSON.parse(text) as unknown) : text };
}
