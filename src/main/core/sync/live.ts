import { AppError } from '@shared/errors';
import { liveEventSchema } from '@shared/schemas/sync';
import type { LiveEvent } from '@shared/schemas/sync';
import type { ServerClient } from './http-client';
import { readServerSentEvents } from './lines';
import { backoffMs } from './waker';
import type { Waker } from './waker';

export type LiveHandlers = {
  /** Connected (first time or again): the caller pulls, since pokes may have been missed. */
  onOpen(): void;
  onEvent(event: LiveEvent): void;
  /** The stream failed; `error` says why (offline, unauthenticated, …). */
  onError(error: AppError): void;
};

/**
 * Keeps one SSE connection to `GET /v1/sync/events` open, reconnecting with backoff, until the
 * waker stops or the session is refused (401) or the app is outdated (426).
 */
export async function runLiveStream(client: ServerClient, waker: Waker, handlers: LiveHandlers): Promise<void> {
  let attempt = 0;
  while (!waker.stopped) {
    try {
      const response = await client.stream('/v1/sync/events', 'text/event-stream', waker.signal);
      if (!response.body) throw new AppError('internal', 'The live stream answered without a body');
      attempt = 0;
      handlers.onOpen();
      for await (const data of readServerSentEvents(response.body)) {
        const event = parseEvent(data);
        if (event) handlers.onEvent(event);
      }
      // A clean end (the server shut down or restarted) is as offline as a dropped connection.
      if (!waker.stopped) handlers.onError(new AppError('offline', 'The live connection ended; reconnecting'));
    } catch (error) {
      if (waker.stopped) return;
      const appError = error instanceof AppError ? error : new AppError('offline', 'The live connection dropped');
      handlers.onError(appError);
      if (appError.code === 'unauthenticated' || appError.code === 'client_outdated') return;
    }
    await waker.sleep(backoffMs(attempt++));
  }
}

function parseEvent(data: string): LiveEvent | null {
  try {
    const parsed = liveEventSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
