import Store from 'electron-store';
import { repairPrefs } from '../core/prefs/json-file-prefs-store';
import { prefsSchema } from '../core/ports';
import type { Prefs, PrefsStore } from '../core/ports';

/** Preferences in electron-store (atomic writes in the user data folder), validated like any file. */
export class ElectronPrefsStore implements PrefsStore {
  readonly #store = new Store<Record<string, unknown>>({ name: 'preferences', clearInvalidConfig: true });
  #prefs: Prefs = repairPrefs(this.#store.store);

  get<K extends keyof Prefs>(key: K): Prefs[K] {
    return this.#prefs[key];
  }

  set<K extends keyof Prefs>(key: K, value: Prefs[K]): void {
    const next = prefsSchema.parse({ ...this.#prefs, [key]: value });
    this.#store.set(key, next[key]);
    this.#prefs = next;
  }
}
