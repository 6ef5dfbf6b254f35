import type { IpcEvent, IpcEventPayload } from '@shared/ipc';

type Listener<E extends IpcEvent> = (payload: IpcEventPayload<E>) => void;

/** The core's typed event hub: every listener of an event hears it; one failing listener spares the rest. */
export class CoreEvents {
  readonly #listeners = new Map<IpcEvent, Set<(payload: never) => void>>();

  on<E extends IpcEvent>(event: E, listener: Listener<E>): () => void {
    const set = this.#listeners.get(event) ?? new Set();
    set.add(listener as (payload: never) => void);
    this.#listeners.set(event, set);
    return () => {
      set.delete(listener as (payload: never) => void);
    };
  }

  emit<E extends IpcEvent>(event: E, payload: IpcEventPayload<E>): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        (listener as Listener<E>)(payload);
      } catch {
        // A broken listener (e.g. a closed window) must not stop sync or the other listeners.
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
