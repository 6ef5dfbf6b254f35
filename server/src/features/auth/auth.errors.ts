import { isAPIError } from 'better-auth/api';
import { AppError } from '@shared/errors';

const byCode: Record<string, AppError> = {
  USER_ALREADY_EXISTS: new AppError('conflict', 'An account with this email already exists; sign in instead'),
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: new AppError(
    'conflict',
    'An account with this email already exists; sign in instead',
  ),
  INVALID_EMAIL_OR_PASSWORD: new AppError('unauthenticated', 'Wrong email or password'),
  INVALID_PASSWORD: new AppError('unauthenticated', 'Wrong email or password'),
  CREDENTIAL_ACCOUNT_NOT_FOUND: new AppError('unauthenticated', 'Wrong email or password'),
  PASSWORD_TOO_SHORT: new AppError('validation_failed', 'Use a password of at least 10 characters'),
  PASSWORD_TOO_LONG: new AppError('validation_failed', 'Use a password of at most 128 characters'),
  INVALID_EMAIL: new AppError('validation_failed', 'Enter a valid email address'),
  INVALID_OTP: new AppError(
    'validation_failed',
    'That code is not right; check the latest email or request a new code',
  ),
  OTP_EXPIRED: new AppError('validation_failed', 'That code has expired; request a new one'),
  TOO_MANY_ATTEMPTS: new AppError('validation_failed', 'Too many wrong codes; request a new code'),
  // Only reachable with a code for an address without an account: answer like a wrong code.
  USER_NOT_FOUND: new AppError(
    'validation_failed',
    'That code is not right; check the latest email or request a new code',
  ),
  EMAIL_NOT_VERIFIED: new AppError('email_not_verified', 'Confirm your email address first'),
  SESSION_EXPIRED: new AppError('unauthenticated', 'Your session has ended; sign in again'),
};

/** Runs a Better Auth server call and turns its errors into AppErrors with our codes and sentences. */
export async function callAuth<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toAppError(error);
  }
}

function toAppError(error: unknown): unknown {
  if (error instanceof AppError || !isAPIError(error)) return error;
  const body = (error as { body?: { code?: unknown; message?: unknown } }).body;
  const code = typeof body?.code === 'string' ? body.code : '';
  const known = byCode[code];
  if (known) return new AppError(known.code, known.message);
  const status = (error as { statusCode?: number }).statusCode ?? 500;
  const message = typeof body?.message === 'string' && body.message ? body.message : error.message;
  if (status === 401) return new AppError('unauthenticated', 'Sign in to continue');
  if (status === 403) return new AppError('forbidden', message);
  if (status === 404) return new AppError('not_found', message);
  if (status === 429) return new AppError('rate_limited', 'Too many attempts; try again later');
  if (status >= 400 && status < 500) return new AppError('validation_failed', message);
  return error;
}
