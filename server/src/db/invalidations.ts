import type { Database } from './client';

/**
 * The part every process-memory cache kept by NOTIFY shares (api-key-cache.ts, run-cache.ts): it
 * listens on a channel whose payload names what changed (a key), may serve entries only while it
 * listens, and keeps a read only if nothing it covers was invalidated after the read began.
 *
 * Invalidations are counted and each key's last one remembered, so that a read is spoiled only by
 * a change of its own key (or by a clear): under load other keys change all the time. A lost
 * listening connection clears (its return does again: what was read meanwhile may have missed a
 * notification); so does stopping.
 */
export class Invalidations {
  readonly #forgotten = new Map<string, number>();
  #tick = 0;
  #clearedAt = 0;
  #listening = false;

  /** `maxKeys`: past this many remembered keys, every read in flight is refused instead. */
  constructor(private readonly maxKeys: number) {}

  /** Whether the cache hears every change: only then may it answer from memory. */
  get listening(): boolean {
    return this.#listening;
  }

  /** The count to pass to `fresh` for a read that begins now. */
  get generation(): number {
    return this.#tick;
  }

  /** Whether a read of `key` that began at `generation` may be kept. */
  fresh(key: string, generation: number): boolean {
    return this.#listening && this.#clearedAt <= generation && (this.#forgotten.get(key) ?? 0) <= generation;
  }

  /** Records a change of `key`. */
  forget(key: string): void {
    this.#tick += 1;
    if (this.#forgotten.size >= this.maxKeys) {
      this.#forgotten.clear();
      this.#clearedAt = this.#tick;
    }
    this.#forgotten.set(key, this.#tick);
  }

  /** Records that anything may have changed. */
  clear(): void {
    this.#tick += 1;
    this.#clearedAt = this.#tick;
    this.#forgotten.clear();
  }

  /**
   * Listens on `channel`: each payload is a changed key (`onForget` drops its entries), a gap in
   * the notifications empties the cache (`onClear`). Resolves to the function that stops listening
   * and empties the cache.
   */
  async listen(
    database: Database,
    channel: string,
    handlers: { onForget(key: string): void; onClear(): void },
  ): Promise<() => Promise<void>> {
    const forget = (key: string) => {
      this.forget(key);
      handlers.onForget(key);
    };
    const clear = () => {
      this.clear();
      handlers.onClear();
    };
    const unlisten = await database.listen(channel, forget, clear);
    this.#listening = true;
    return async () => {
      this.#listening = false;
      clear();
      await unlisten();
    };
  }
}
