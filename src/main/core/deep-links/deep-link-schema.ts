// Pure zod, no Node imports: this file is meant to move to src/shared once the server and the renderer
// validate invitation tokens too (the server mints them, the renderer takes a pasted code).
import { z } from 'zod';

/** Characters in an invitation token: 32 random bytes as unpadded base64url are 43 characters. */
export const INVITATION_TOKEN_LENGTH = 43;

/**
 * An invitation token exactly as the server mints it: `randomBytes(32).toString('base64url')`.
 * 43 characters of [A-Za-z0-9_-]; the last one carries only the final 4 of the 256 bits (its low 2 bits
 * are zero), so it is one of the 16 characters A E I M Q U Y c g k o s w 0 4 8. Refusing the other 48
 * keeps one spelling per token (no two strings decode to the same bytes). Case-sensitive: never
 * lowercase a token.
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
