import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { defaultPrefs, prefsSchema } from '../ports';
import type { Prefs, PrefsStore } from '../ports';

/**
 * Preferences in one JSON file, validated on read (a damaged or foreign file falls back to defaults
 * field by field) and written atomically (temp file + rename) so a crash never leaves half a file.
 */
export class JsonFilePrefsStore implements PrefsStore {
  readonly #path: string;
  #prefs: Prefs;

  constructor(path: string) {
    this.#path = path;
    this.#prefs = readPrefs(path);
  }

  get<K extends keyof Prefs>(key: K): Prefs[K] {
    return this.#prefs[key];
  }

  set<K extends keyof Prefs>(key: K, value: Prefs[K]): void {
    const next = prefsSchema.parse({ ...this.#prefs, [key]: value });
    mkdirSync(dirname(this.#path), { recursive: true });
    const temp = `${this.#path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(next, null, 2), { mode: 0o600 });
    renameSync(temp, this.#path);
    this.#prefs = next;
  }
}

function readPrefs(path: string): Prefs {
  try {
    return repairPrefs(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return { ...defaultPrefs };
  }
}

/** Parses stored preferences, keeping the fields that still parse so one bad value forgets nothing else. */
export function repairPrefs(raw: unknown): Prefs {
  const whole = prefsSchema.safeParse(raw);
  if (whole.success) return whole.data;
  const fields = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const prefs: Record<string, unknown> = { ...defaultPrefs };
  for (const key of Object.keys(defaultPrefs) as (keyof Prefs)[]) {
    const one = prefsSchema.shape[key].safeParse(fields[key]);
    if (one.success) prefs[key] = one.data;
  }
  return prefsSchema.parse(prefs);
}
