import { z } from 'zod';

/** Settings a person changes in the app (stored by the shell's PrefsStore, never secrets). */
export const appSettingsSchema = z.object({
  theme: z.enum(['light', 'dark', 'system']),
  /** Closing the window keeps Botdesk in the tray, so alerts still arrive. */
  closeToTray: z.boolean(),
  /** Desktop notifications are held back while paused (from the tray or the account page). */
  notificationsPaused: z.boolean(),
  /** Runs each organization keeps on this device (newest first); older ones are fetched from the server. */
  runHistoryLimit: z.number().int().min(1_000).max(2_000_000),
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

/** Characters in an invitation token: 32 random bytes as unpadded base64url are 43 characters. */
export const INVITATION_TOKEN_LENGTH = 43;

/**
 * An invitation token exactly as the server mints it: `randomBytes(32).toString('base64url')`.
 * 43 characters of [A-Za-z0-9_-]; the last one carries only the final 4 of the 256 bits (its low 2
 * bits are zero), so it is one of A E I M Q U Y c g k o s w 0 4 8 — one spelling per token.
 * Case-sensitive: never lowercase a token.
 */
export const invitationTokenSchema = z
  .string()
  .length(INVITATION_TOKEN_LENGTH, 'Paste the whole invitation code')
  .regex(/^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/, 'Paste the whole invitation code');
export type InvitationToken = z.infer<typeof invitationTokenSchema>;

/** A `botdesk://` link after strict parsing in the main process. It names a page to show, never an action taken. */
export const deepLinkSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('acceptInvite'), token: invitationTokenSchema }),
]);
export type DeepLink = z.infer<typeof deepLinkSchema>;
export type DeepLinkKind = DeepLink['kind'];

/** An in-app route the shell asks the User Center to open (a notification or tray click). */
export const appRouteSchema = z
  .string()
  .max(512)
  .regex(/^\/(?!\/)[A-Za-z0-9/_\-?=&.%]*$/, 'An in-app route starts with a single /');
