import { AppError } from '@shared/errors';
import { liveEventSchema } from '@shared/schemas/sync';
import type { LiveEvent } from '@shared/schemas/sync';

/** A minimal reader of `GET /v1/sync/events` for tests: events in arrival order, comments skipped. */
export type EventStream = {
  status: number;
  /** Resolves with the first event (from now on) that matches; earlier ones are passed over. */
  waitFor(match: (event: LiveEvent) => boolean): Promise<LiveEvent>;
  close(): void;
};

export async function openEvents(baseUrl: string, token: string): Promise<EventStream> {
  const controller = new AbortController();
  const res = await fetch(`${baseUrl}/v1/sync/events`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  const reader = res.body?.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';

  async function next(): Promise<LiveEvent> {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice('data: '.length))
          .join('\n');
        if (data) return liveEventSchema.parse(JSON.parse(data));
        continue;
      }
      const chunk = await reader?.read();
      if (!chunk || chunk.done) throw new AppError('offline', 'The event stream ended');
      buffer += chunk.value;
    }
  }

  return {
    status: res.status,
    async waitFor(match) {
      for (;;) {
        const event = await next();
        if (match(event)) return event;
      }
    },
    close: () => controller.abort(),
  };
}
