import { z } from 'zod';
import { idSchema } from '@shared/schemas/common';
import type { UpdateState } from '@shared/schemas/app';

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
  windowBounds: z
    .object({
      x: z.number().int(),
      y: z.number().int(),
      width: z.number().int().min(200),
      height: z.number().int().min(200),
    })
    .nullable()
    .default(null),
  windowMaximized: z.boolean().default(false),
  theme: z.enum(['light', 'dark', 'system']).default('system'),
  closeToTray: z.boolean().default(true),
  notificationsPaused: z.boolean().default(false),
  runHistoryLimit: z.number().int().min(1_000).max(2_000_000).default(200_000),
  /** Orgs whose credit alerts this device keeps quiet (no notification, no tray warning). */
  mutedOrgIds: z.array(idSchema).max(10_000).default([]),
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

/**
 * What the shell's auto-updater (electron-updater) does, as events; the core's UpdateController
 * decides when to check and what the User Center shows.
 */
export type UpdateDriver = {
  check(): Promise<void>;
  quitAndInstall(): void;
  on(listener: (event: UpdateDriverEvent) => void): () => void;
};
export type UpdateDriverEvent =
  | { type: 'checking' }
  | { type: 'available'; version: string }
  | { type: 'notAvailable' }
  | { type: 'progress'; percent: number }
  | { type: 'downloaded'; version: string }
  | { type: 'error'; message: string };

/** The tray as the core describes it; the shell renders it with Electron's Tray and Menu. */
export type TrayView = {
  render(model: TrayModel): void;
};
export type TrayModel = {
  tooltip: string;
  warning: boolean;
  items: TrayItem[];
};
export type TrayItem =
  | { kind: 'action'; id: 'open' | 'togglePause' | 'quit'; label: string }
  /** An org's credit line; choosing it opens that org's Usage page. */
  | { kind: 'org'; orgId: string; label: string }
  | { kind: 'info'; label: string }
  | { kind: 'separator' };

export type { UpdateState };
