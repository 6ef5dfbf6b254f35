/** Cancellable waits: `sleep` ends after `ms`, or at once on `wake()` (retry now) or `stop()`. */
export class Waker {
  readonly #sleepers = new Set<() => void>();
  readonly #abort = new AbortController();

  get stopped(): boolean {
    return this.#abort.signal.aborted;
  }

  /** Aborted on stop: pass it to requests that must end with the engine. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref?.();
      this.#sleepers.add(done);
    });
  }

  wake(): void {
    for (const done of [...this.#sleepers]) done();
  }

  stop(): void {
    this.#abort.abort();
    this.wake();
  }
}

/** Exponential backoff with jitter: 1 s, 2 s, 4 s … capped at 30 s. */
export function backoffMs(attempt: number): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}
