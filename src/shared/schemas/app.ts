import { z } from 'zod';

/** Settings a person changes in the app (stored by the shell's PrefsStore, never secrets). */
export const appSettingsSchema = z.object({
  theme: z.enum(['light', 'dark', 'system']),
  /** Closing the window keeps Botdesk in the tray, so alerts still arrive. */
  closeToTray: z.boolean(),
  /** Desktop notifications are held back while paused (from the tray or the account page). */
  notificationsPaused: z.boolean(),
});
export type AppSettings = z.infer<typeof appSettingsSchema>;

/** Where the session token is kept on this machine; `memory` means sign in at every launch. */
export const secretStorageSchema = z.enum(['keychain', 'safeStorage', 'memory']);
export type SecretStorage = z.infer<typeof secretStorageSchema>;

export const appInfoSchema = z.object({
  version: z.string(),
  platform: z.string(),
  secretStorage: secretStorageSchema,
  /** Why the token cannot be stored safely here, when secretStorage is `memory`. */
  secretStorageNote: z.string().nullable(),
  /** false behind the bridge (browser, development): there is no tray, updater or keychain UI. */
  desktop: z.boolean(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

/** The updater as the User Center shows it. */
export const updateStateSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('unsupported') }),
  z.object({ status: z.literal('idle'), checkedAt: z.string().nullable() }),
  z.object({ status: z.literal('checking') }),
  z.object({ status: z.literal('downloading'), version: z.string(), percent: z.number().min(0).max(100) }),
  z.object({ status: z.literal('ready'), version: z.string() }),
  z.object({ status: z.literal('error'), message: z.string() }),
]);
export type UpdateState = z.infer<typeof updateStateSchema>;

/** Invitation tokens: 256 random bits as base64url (43 characters). */
export const invitationTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Paste the whole invitation code');

/** A `botdesk://` link after strict parsing in the main process. Never acted on without a click. */
export const deepLinkSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('acceptInvite'), token: invitationTokenSchema }),
]);
export type DeepLink = z.infer<typeof deepLinkSchema>;

/** An in-app route the shell asks the User Center to open (a notification or tray click). */
export const appRouteSchema = z
  .string()
  .max(512)
  .regex(/^\/(?!\/)[A-Za-z0-9/_\-?=&.%]*$/, 'An in-app route starts with a single /');
