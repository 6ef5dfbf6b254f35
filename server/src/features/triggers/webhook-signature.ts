import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Header carrying `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` under the trigger's secret. */
export const signatureHeader = 'x-botdesk-signature';
/** Header carrying the signing time in unix seconds; part of what is signed. */
export const timestampHeader = 'x-botdesk-timestamp';
/** Signatures older or newer than this are refused, so a captured request cannot be replayed later. */
export const signatureToleranceSeconds = 5 * 60;

/** A fresh webhook secret: 32 random bytes, base64url (43 characters). */
export function newWebhookSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The signature header value for a body signed at `timestamp` (what senders compute; tests use it too). */
export function signWebhook(secret: string, timestamp: number | string, rawBody: Buffer | string): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`);
  hmac.update(rawBody);
  return `sha256=${hmac.digest('hex')}`;
}

/** Why a signed request is refused before its trigger is even looked up; null when it may be checked. */
export function timestampProblem(timestamp: string | undefined, now: Date): string | null {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return `Send ${timestampHeader} as unix seconds`;
  const skew = Math.abs(now.getTime() / 1000 - Number(timestamp));
  if (skew > signatureToleranceSeconds) {
    return `The signature timestamp is more than ${signatureToleranceSeconds / 60} minutes from the server's clock; sign the request again`;
  }
  return null;
}

/** Compares a presented signature with the expected one in constant time. */
export function signatureMatches(
  secret: string,
  timestamp: string,
  rawBody: Buffer,
  presented: string | undefined,
): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody));
  const given = Buffer.from(presented ?? '');
  // timingSafeEqual needs equal lengths; comparing expected with itself keeps the time the same.
  if (given.length !== expected.length) return !timingSafeEqual(expected, expected);
  return timingSafeEqual(given, expected);
}
