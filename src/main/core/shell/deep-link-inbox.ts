import type { DeepLink } from '@shared/schemas/app';

/**
 * Links delivered to the User Center but not yet fetched by it: the page is told how many wait and
 * takes them with `app.takeDeepLinks`, so a link is never lost to a listener that is not mounted yet.
 */
export class DeepLinkInbox {
  readonly #links: DeepLink[] = [];
  readonly #announce: (pending: number) => void;

  constructor(announce: (pending: number) => void) {
    this.#announce = announce;
  }

  add(link: DeepLink): void {
    this.#links.push(link);
    this.#announce(this.#links.length);
  }

  take(): DeepLink[] {
    return this.#links.splice(0);
  }
}
