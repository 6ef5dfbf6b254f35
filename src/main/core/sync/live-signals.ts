import { runProgressSignalSchema } from '@shared/schemas/automation';
import type { LiveEvent } from '@shared/schemas/sync';
import type { SyncContext } from './context';

type SignalEvent = Extract<LiveEvent, { type: 'signal' }>;

/**
 * Hands ephemeral live signals to the renderer. They change no local row (heartbeats and the
 * statuses they imply arrive as logged changes); a malformed payload is dropped, never thrown.
 */
export function forwardSignal(ctx: Pick<SyncContext, 'emit'>, event: SignalEvent): void {
  if (event.name !== 'run.progress') return;
  const parsed = runProgressSignalSchema.safeParse(event.data);
  if (parsed.success) ctx.emit('runs.progress', { orgId: event.orgId, ...parsed.data });
}
