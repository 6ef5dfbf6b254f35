import type { z } from 'zod';
import { AppError, appErrorFromBody } from '@shared/errors';

export type FetchFn = typeof fetch;

/** One server's HTTP API as the desktop calls it; errors always arrive as AppError. */
export type ServerClient = {
  readonly baseUrl: string;
  json<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, schema: z.ZodType<T>, body?: unknown): Promise<T>;
  /** A streaming GET (NDJSON snapshot, SSE); the caller reads and cancels the body. */
  stream(path: string, accept: string, signal?: AbortSignal): Promise<Response>;
};

/** `signal`, when given, aborts every request of this client (the sync engine stopping). */
export function createServerClient(options: {
  baseUrl: string;
  fetch: FetchFn;
  token: string | null;
  signal?: AbortSignal;
}): ServerClient {
  const { baseUrl, token } = options;
  const headers = (extra: Record<string, string>): Record<string, string> =>
    token ? { ...extra, authorization: `Bearer ${token}` } : extra;

  const send = async (path: string, init: RequestInit): Promise<Response> => {
    let response: Response;
    try {
      response = await options.fetch(`${baseUrl}${path}`, init);
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new AppError('offline', 'The server cannot be reached; changes are kept and sent when it is back');
    }
    if (!response.ok) throw await errorOf(response);
    return response;
  };

  return {
    baseUrl,
    async json(method, path, schema, body) {
      const init: RequestInit = {
        method,
        headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
      };
      if (body !== undefined) init.body = JSON.stringify(body);
      if (options.signal) init.signal = options.signal;
      const response = await send(path, init);
      const parsed = schema.safeParse(parseJson(await readText(response)));
      if (!parsed.success) throw new AppError('internal', 'The server sent an answer this app does not understand');
      return parsed.data;
    },
    async stream(path, accept, signal) {
      const init: RequestInit = { method: 'GET', headers: headers({ accept }) };
      const signals = [signal, options.signal].filter((s): s is AbortSignal => s !== undefined);
      if (signals.length > 0) init.signal = AbortSignal.any(signals);
      return send(path, init);
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return undefined;
  }
}

async function readText(response: Response): Promise<string> {
  try {
    return await response.text();
  } catch {
    throw new AppError('offline', 'The connection dropped while the server answered');
  }
}

async function errorOf(response: Response): Promise<AppError> {
  const fallback =
    response.status >= 500 ? 'The server had a problem; retrying' : `The server refused (${response.status})`;
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    body = null;
  }
  const error = appErrorFromBody((body as { error?: unknown } | null)?.error, fallback);
  // A 5xx is the server's trouble, not the user's: keep it retryable whatever code it carried.
  return response.status >= 500 && error.code !== 'internal' ? new AppError('internal', error.message) : error;
}

/** Network failures and server errors are retried with backoff; every other refusal is final. */
export function isRetryable(error: unknown): boolean {
  return (
    error instanceof AppError &&
    (error.code === 'offline' || error.code === 'internal' || error.code === 'rate_limited')
  );
}
