import { createHash, randomBytes } from 'node:crypto';
import { invitationTokenSchema } from '@shared/schemas/app';

/** A fresh invitation token: 256 random bits as unpadded base64url (43 characters). */
export function mintInvitationToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a token: its SHA-256, hex. */
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The token as minted, or null for anything else (the caller answers invitation_invalid either way). */
export function parseInvitationToken(value: string): string | null {
  const parsed = invitationTokenSchema.safeParse(value.trim());
  return parsed.success ? parsed.data : null;
}
