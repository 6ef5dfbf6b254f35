import { defaultPrefs, prefsSchema } from '../ports';
import type { Prefs, PrefsStore } from '../ports';

/** Preferences that last as long as the process (tests, throwaway bridge sessions). */
export class MemoryPrefsStore implements PrefsStore {
  #prefs: Prefs = { ...defaultPrefs };

  get<K extends keyof Prefs>(key: K): Prefs[K] {
    return this.#prefs[key];
  }

  set<K extends keyof Prefs>(key: K, value: Prefs[K]): void {
    this.#prefs = prefsSchema.parse({ ...this.#prefs, [key]: value });
  }
}
