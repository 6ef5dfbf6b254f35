import { z } from 'zod';

/** UUIDs (v7 on the server); accepted in any version so ids from older data still parse. */
export const idSchema = z.uuid();
export const isoDateSchema = z.iso.datetime({ offset: true });
export const emailSchema = z
  .email({ message: 'Enter a valid email address' })
  .max(254)
  .transform((e) => e.toLowerCase());
export const passwordSchema = z.string().min(10, 'Use at least 10 characters').max(128, 'Use at most 128 characters');
export const displayNameSchema = z.string().trim().min(1, 'Enter a name').max(80);
/** URL-safe slug: lowercase letters, digits and single dashes. */
export const slugSchema = z
  .string()
  .min(3, 'Use at least 3 characters')
  .max(48)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lowercase letters, digits and dashes');
/** Six-digit code mailed for email verification and password reset. */
export const emailCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'Enter the 6-digit code from the email');

/** Server base URL as the user types it: http(s) only, no credentials, no query. */
export const serverUrlSchema = z
  .url({ protocol: /^https?$/, message: 'Enter an http(s) server address' })
  .max(2048)
  .transform((u) => u.replace(/\/+$/, ''));
