import { z } from 'zod';
import { displayNameSchema, emailCodeSchema, emailSchema, idSchema, isoDateSchema, passwordSchema } from './common';

export const userSchema = z.object({
  id: idSchema,
  email: z.string(),
  name: z.string(),
  emailVerified: z.boolean(),
  createdAt: isoDateSchema,
});
export type User = z.infer<typeof userSchema>;

export const signUpBodySchema = z.object({ email: emailSchema, password: passwordSchema, name: displayNameSchema });
export const signInBodySchema = z.object({ email: emailSchema, password: z.string().min(1).max(128) });
export const authResultSchema = z.object({ token: z.string(), user: userSchema });
export type AuthResult = z.infer<typeof authResultSchema>;

export const verifyEmailBodySchema = z.object({ code: emailCodeSchema });
export const passwordResetRequestBodySchema = z.object({ email: emailSchema });
export const passwordResetConfirmBodySchema = z.object({
  email: emailSchema,
  code: emailCodeSchema,
  password: passwordSchema,
});
export const updateProfileBodySchema = z.object({ name: displayNameSchema });

export const sessionInfoSchema = z.object({
  id: z.string(),
  createdAt: isoDateSchema,
  expiresAt: isoDateSchema,
  userAgent: z.string().nullable(),
  ipAddress: z.string().nullable(),
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;
