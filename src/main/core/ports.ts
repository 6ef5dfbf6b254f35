import { z } from 'zod';
import { idSchema } from '@shared/schemas/common';

/** Where the session token lives: the OS keychain, Electron safeStorage ciphertext, or memory only. */
export type SecretStore = {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<void>;
  readonly kind: 'keychain' | 'safeStorage' | 'memory';
};

/** Small, non-secret preferences that outlive a session (never tokens). */
export const prefsSchema = z.object({
  lastUserId: idSchema.nullable().default(null),
  lastServerUrl: z.string().max(2048).nullable().default(null),
  lastActiveOrgByUser: z.record(idSchema, idSchema).default({}),
});
export type Prefs = z.infer<typeof prefsSchema>;

export const defaultPrefs: Prefs = prefsSchema.parse({});

export type PrefsStore = {
  get<K extends keyof Prefs>(key: K): Prefs[K];
  set<K extends keyof Prefs>(key: K, value: Prefs[K]): void;
};

/** A desktop notification; `route` is where a click lands in the User Center. */
export type Notifier = {
  show(n: { title: string; body: string; route: string | null }): void;
};
