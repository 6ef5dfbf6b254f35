// Tokens are handed to the renderer only as the answer to its own request (`app.takeDeepLinks`),
// never inside a broadcast event: the event only says how many links wait. The request is also the
// proof that the renderer is subscribed, which its load event is not (React subscribes in an effect).
import type { DeepLinkQueue } from './deep-link-queue';
import type { DeepLink } from '@shared/schemas/app';

/** Called when links wait for the renderer; `pending` is how many (the `app.deepLink` event payload). */
export type DeepLinkNotify = (pending: number) => void;

const MAX_HELD = 10;

/**
 * The queue's consumer on the renderer side: holds delivered links until the renderer takes them,
 * each exactly once. Held links survive a reload or a closed window and go to the next `take()`.
 */
export class DeepLinkHandoff {
  readonly #queue: DeepLinkQueue;
  readonly #notify: DeepLinkNotify;
  readonly #held: DeepLink[] = [];
  readonly #detach: () => void;
  #taking = false;

  constructor(queue: DeepLinkQueue, notify: DeepLinkNotify) {
    this.#queue = queue;
    this.#notify = notify;
    this.#detach = queue.attach((link) => this.#hold(link));
  }

  /** The renderer asks for waiting links: it is listening from now on; each link is returned once. */
  take(): DeepLink[] {
    this.#taking = true;
    try {
      this.#queue.setReady(true);
    } finally {
      this.#taking = false;
    }
    return this.#held.splice(0);
  }

  /** The renderer went away (window closed, reloading, crashed): links wait until the next `take()`. */
  rendererGone(): void {
    this.#queue.setReady(false);
  }

  /** Detaches from the queue (shutdown); what is held is dropped. */
  dispose(): void {
    this.#detach();
    this.#held.length = 0;
  }

  #hold(link: DeepLink): void {
    this.#held.push(link);
    if (this.#held.length > MAX_HELD) this.#held.shift();
    // During take() the links travel in its answer; a nudge would only make the renderer ask again.
    if (!this.#taking) this.#notify(this.#held.length);
  }
}
