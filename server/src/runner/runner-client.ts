import { z } from 'zod';
import { errorCodes } from '@shared/errors';
import type { ErrorCode } from '@shared/errors';

/** A refusal from the server (4xx other than 429): retrying the same request would not help. */
export class RunnerRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | null,
    message: string,
  ) {
    super(message);
    this.name = 'RunnerRefusal';
  }
}

export type ClientOptions = {
  server: string;
  key: string;
  /** First retry delay; doubles per attempt up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Aborts waiting and retrying (the runner is stopping). */
  signal?: AbortSignal;
  log?: (line: string) => void;
};

const errorBody = z.object({ error: z.object({ code: z.enum(errorCodes), message: z.string() }) });

/** Waits ms, or less when the signal aborts (then throws its reason). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The runner's HTTP client. A request is retried with exponential backoff while the server cannot
 * answer (network errors, 5xx, 429 after its Retry-After) — always with the same body, so a report
 * that may have landed before the connection dropped is taken by the server as the same report.
 * Other 4xx answers throw RunnerRefusal at once.
 */
export function runnerClient(options: ClientOptions) {
  const base = options.server.replace(/\/+$/, '');
  const baseDelay = options.baseDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 30_000;

  async function once(
    method: string,
    path: string,
    body: unknown,
  ): Promise<{ status: number; json: unknown; retryAfterS?: number }> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${options.key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: options.signal ?? null,
    });
    const text = await response.text();
    return { status: response.status, json: text ? (JSON.parse(text) as unknown) : null, ...retryAfterOf(response) };
  }

  return async function request<T>(
    method: 'POST' | 'PATCH',
    path: string,
    body: unknown,
    schema: z.ZodType<T>,
  ): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      let wait = Math.min(maxDelay, baseDelay * 2 ** attempt);
      try {
        const answer = await once(method, path, body);
        if (answer.status < 400) return schema.parse(answer.json);
        const parsed = errorBody.safeParse(answer.json);
        const message = parsed.success ? parsed.data.error.message : `HTTP ${answer.status}`;
        if (answer.status === 429) {
          wait = Math.max(wait, (answer.retryAfterS ?? 1) * 1000);
        } else if (answer.status < 500) {
          throw new RunnerRefusal(answer.status, parsed.success ? parsed.data.error.code : null, message);
        }
        options.log?.(`${method} ${path}: ${message}; retrying in ${wait} ms`);
      } catch (error) {
        if (error instanceof RunnerRefusal || options.signal?.aborted) throw error;
        options.log?.(`${method} ${path}: ${(error as Error).message}; retrying in ${wait} ms`);
      }
      await sleep(wait, options.signal);
    }
  };
}

function retryAfterOf(response: Response): { retryAfterS?: number } {
  const value = Number(response.headers.get('retry-after'));
  return Number.isFinite(value) && value > 0 ? { retryAfterS: value } : {};
}

export type RunnerRequest = ReturnType<typeof runnerClient>;
