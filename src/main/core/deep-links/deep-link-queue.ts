import { assert, assertNever } from '@shared/errors';
import { deepLinkSchema, type DeepLink } from '@shared/schemas/app';

/** Receives each deep link once the app can show it; it shows a page, it never acts on the link. */
export type DeepLinkConsumer = (link: DeepLink) => void;

export type DeepLinkQueueOptions = {
  /** Links kept while they cannot be shown; beyond this the oldest is dropped. */
  maxPending?: number;
  /** The same link again within this many ms of its last arrival is a duplicate (one click, two OS events). */
  duplicateWindowMs?: number;
  now?: () => number;
};

const DEFAULTS = { maxPending: 10, duplicateWindowMs: 2_000 } as const;
// Arrival times are kept only for the duplicate window; the cap bounds memory under a flood of distinct links.
const MAX_REMEMBERED_ARRIVALS = 64;

/**
 * One queue for every way a link arrives (cold-start argv, `second-instance`, macOS `open-url`).
 * Links are delivered in arrival order, each once, only while a consumer is attached, the app is
 * ready to show them and someone is signed in; until then they wait, through sign-in if need be.
 */
export class DeepLinkQueue {
  readonly #maxPending: number;
  readonly #duplicateWindowMs: number;
  readonly #now: () => number;
  readonly #pending: DeepLink[] = [];
  readonly #arrivals = new Map<string, number>();
  #consumer: DeepLinkConsumer | null = null;
  #ready = false;
  #signedIn = false;
  #draining = false;

  constructor(options: DeepLinkQueueOptions = {}) {
    this.#maxPending = options.maxPending ?? DEFAULTS.maxPending;
    this.#duplicateWindowMs = options.duplicateWindowMs ?? DEFAULTS.duplicateWindowMs;
    this.#now = options.now ?? Date.now;
    assert(Number.isInteger(this.#maxPending) && this.#maxPending >= 1, 'maxPending is a positive integer');
    assert(this.#duplicateWindowMs >= 0, 'duplicateWindowMs is not negative');
  }

  /** Adds a parsed link; false when it is a duplicate (already waiting, or arrived moments ago) or malformed. */
  push(link: DeepLink): boolean {
    // Re-checked at runtime: a cast in the wiring must not let an unparsed string reach the renderer.
    if (!deepLinkSchema.safeParse(link).success) return false;
    const key = keyOf(link);
    const now = this.#now();
    this.#forgetArrivalsBefore(now - this.#duplicateWindowMs);
    if (this.#arrivals.has(key) || this.#pending.some((p) => keyOf(p) === key)) return false;
    this.#arrivals.set(key, now);
    this.#pending.push(link);
    if (this.#pending.length > this.#maxPending) this.#pending.shift();
    this.#drain();
    return true;
  }

  /** Attaches the one consumer and delivers what waits if the app can show it; returns the detach function. */
  attach(consumer: DeepLinkConsumer): () => void {
    assert(this.#consumer === null, 'a deep-link consumer is already attached');
    this.#consumer = consumer;
    this.#drain();
    return () => {
      if (this.#consumer === consumer) this.#consumer = null;
    };
  }

  /** Whether the app can show a link now (its window is up and listening). */
  setReady(ready: boolean): void {
    this.#ready = ready;
    this.#drain();
  }

  /** Whether a user is signed in with a live session; links wait while nobody is. */
  setSignedIn(signedIn: boolean): void {
    this.#signedIn = signedIn;
    this.#drain();
  }

  /** How many links wait to be delivered. */
  get size(): number {
    return this.#pending.length;
  }

  #canDeliver(): boolean {
    return this.#consumer !== null && this.#ready && this.#signedIn;
  }

  // Re-entrant calls (a consumer that pushes or flips a flag) return at once; the outer loop re-checks
  // the gate before every link, so nothing is delivered twice or after the gate closed.
  #drain(): void {
    if (this.#draining) return;
    this.#draining = true;
    try {
      while (this.#canDeliver()) {
        const consumer = this.#consumer;
        const link = this.#pending.shift();
        if (!consumer || !link) break;
        deliver(consumer, link);
      }
    } finally {
      this.#draining = false;
    }
  }

  #forgetArrivalsBefore(cutoff: number): void {
    // Insertion order is arrival order, so the expired and the excess are at the front.
    for (const [key, at] of this.#arrivals) {
      if (at >= cutoff && this.#arrivals.size < MAX_REMEMBERED_ARRIVALS) return;
      this.#arrivals.delete(key);
    }
  }
}

/** Identity of a link for duplicate detection: kind and every field, in a fixed order. */
function keyOf(link: DeepLink): string {
  switch (link.kind) {
    case 'acceptInvite':
      return `${link.kind}\u0000${link.token}`;
    default:
      return assertNever(link.kind);
  }
}

function deliver(consumer: DeepLinkConsumer, link: DeepLink): void {
  try {
    consumer(link);
  } catch {
    // A failing consumer (e.g. a window being destroyed) loses this link only; the others still go out,
    // and the exception must not escape into an Electron event handler.
  }
}
