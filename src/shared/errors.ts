/** The closed set of error codes every program of Botdesk speaks. */
export const errorCodes = [
  'unauthenticated',
  'forbidden',
  'not_found',
  'validation_failed',
  'conflict',
  'limit_reached',
  'rate_limited',
  'invitation_invalid',
  'last_owner',
  'client_outdated',
  'client_reset',
  'email_not_verified',
  'offline',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** HTTP status for each code; `offline` never leaves the desktop but maps for completeness. */
export const httpStatusByCode = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  validation_failed: 400,
  conflict: 409,
  limit_reached: 402,
  rate_limited: 429,
  invitation_invalid: 400,
  last_owner: 409,
  client_outdated: 426,
  client_reset: 409,
  email_not_verified: 403,
  offline: 503,
  internal: 500,
} as const satisfies Record<ErrorCode, number>;

/** Wire form of an error, over HTTP (`{error: ...}`) and over IPC. */
export type ErrorBody = { code: ErrorCode; message: string };

/** The one error type. Throw it with a code a caller can act on and a sentence a person can read. */
export class AppError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
  }

  get status(): number {
    return httpStatusByCode[this.code];
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}

/** Rebuilds an AppError from a wire body; unknown shapes become `internal`. */
export function appErrorFromBody(body: unknown, fallbackMessage = 'Unexpected error'): AppError {
  if (typeof body === 'object' && body !== null) {
    const { code, message } = body as Record<string, unknown>;
    if (isErrorCode(code)) return new AppError(code, typeof message === 'string' ? message : fallbackMessage);
  }
  return new AppError('internal', fallbackMessage);
}

/** Exhaustiveness check for switches over unions. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}

/** Invariant check: a false condition is a bug, not a user error. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Invariant failed: ${message}`);
}
