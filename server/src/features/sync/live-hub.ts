import { z } from 'zod';
import type { Permission } from '@shared/permissions';
import { idSchema } from '@shared/schemas/common';
import { permissionSchema } from '@shared/schemas/org';
import { PROTOCOL_VERSION } from '@shared/schemas/sync';
import type { LiveEvent } from '@shared/schemas/sync';

/** What a NOTIFY on each channel carries (parsed: another process wrote it). */
export const orgChangeNotice = z.object({ orgId: idSchema, version: z.number().int().nonnegative() });
export const membershipNotice = z.object({
  orgId: idSchema,
  userId: idSchema,
  change: z.enum(['added', 'removed', 'changed']),
});
export const signalNotice = z.object({
  orgId: idSchema,
  name: z.string().min(1).max(64),
  data: z.unknown(),
  /** Only members holding this permission receive the signal. */
  permission: permissionSchema.optional(),
});
export type SignalNotice = z.infer<typeof signalNotice>;

/** The orgs a stream's user is an active member of, with the permissions held in each. */
export type OrgGrants = Map<string, readonly Permission[]>;

/** Where a stream's events go, and how the hub checks on it. */
export type StreamSink = {
  write(text: string): void;
  /** Whether the stream's session is still signed in (re-checked with each heartbeat). */
  stillValid(): Promise<boolean>;
  /** Ends the stream (the desktop reconnects, and is refused if signed out). */
  end(): void;
};

type Stream = StreamSink & { userId: string; orgs: OrgGrants };

/**
 * Fans the process's NOTIFY traffic out to its open SSE streams: pokes and signals to members of
 * the org, membership events to the user concerned (whose org set is then reloaded).
 */
export class LiveHub {
  private readonly byUser = new Map<string, Set<Stream>>();
  private readonly reloads = new Map<string, number>();

  constructor(private readonly loadGrants: (userId: string) => Promise<OrgGrants>) {}

  /**
   * Loads the user's orgs, registers the stream and sends `hello`: every event after hello reaches
   * it. Anything earlier is covered by the pull a desktop makes on each (re)connect. Returns the
   * function that removes the stream.
   */
  async open(userId: string, sink: StreamSink): Promise<() => void> {
    const stream: Stream = { ...sink, userId, orgs: await this.loadGrants(userId) };
    const streams = this.byUser.get(userId) ?? new Set<Stream>();
    streams.add(stream);
    this.byUser.set(userId, streams);
    send(stream, { type: 'hello', protocol: PROTOCOL_VERSION });
    return () => {
      streams.delete(stream);
      if (streams.size === 0 && this.byUser.get(userId) === streams) {
        this.byUser.delete(userId);
        this.reloads.delete(userId);
      }
    };
  }

  get streamCount(): number {
    let n = 0;
    for (const streams of this.byUser.values()) n += streams.size;
    return n;
  }

  onOrgChange(payload: string): void {
    const notice = parseNotice(orgChangeNotice, payload);
    if (!notice) return;
    this.toMembers(notice.orgId, null, { type: 'poke', orgId: notice.orgId, version: notice.version });
  }

  onSignal(payload: string): void {
    const notice = parseNotice(signalNotice, payload);
    if (!notice) return;
    const event: LiveEvent = { type: 'signal', orgId: notice.orgId, name: notice.name, data: notice.data };
    this.toMembers(notice.orgId, notice.permission ?? null, event);
  }

  async onMembership(payload: string): Promise<void> {
    const notice = parseNotice(membershipNotice, payload);
    const streams = notice ? this.byUser.get(notice.userId) : undefined;
    if (!notice || !streams) return;
    for (const stream of streams) {
      // At once, not after the reload: the change's own pokes may already be on their way. Permissions
      // of an added org arrive with the reload; until then only unrestricted events reach it.
      if (notice.change === 'removed') stream.orgs.delete(notice.orgId);
      else if (!stream.orgs.has(notice.orgId)) stream.orgs.set(notice.orgId, []);
      send(stream, { type: 'membership', orgId: notice.orgId, change: notice.change });
    }
    // Reloads may finish out of order; only the latest one started may win.
    const seq = (this.reloads.get(notice.userId) ?? 0) + 1;
    this.reloads.set(notice.userId, seq);
    const grants = await this.loadGrants(notice.userId);
    if (this.reloads.get(notice.userId) !== seq) return;
    for (const stream of streams) stream.orgs = grants;
  }

  /**
   * An SSE comment, so proxies and the desktop can tell a quiet stream from a dead one; and a session
   * check, so a stream does not outlive a sign-out or a revoked session by more than one interval.
   */
  async heartbeat(): Promise<void> {
    const all = [...this.byUser.values()].flatMap((streams) => [...streams]);
    for (const stream of all) stream.write(': heartbeat\n\n');
    await Promise.all(
      all.map(async (stream) => {
        if (!(await stream.stillValid())) stream.end();
      }),
    );
  }

  private toMembers(orgId: string, permission: Permission | null, event: LiveEvent): void {
    for (const streams of this.byUser.values()) {
      for (const stream of streams) {
        const granted = stream.orgs.get(orgId);
        if (granted && (permission === null || granted.includes(permission))) send(stream, event);
      }
    }
  }
}

/** One SSE message; the event's type travels in its data, so every event is a default `message`. */
export function formatEvent(event: LiveEvent): string {
  return `data: ${JSON.stringify(event)}\n\n`;
}

function send(stream: Stream, event: LiveEvent): void {
  stream.write(formatEvent(event));
}

function parseNotice<T>(schema: z.ZodType<T>, payload: string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
