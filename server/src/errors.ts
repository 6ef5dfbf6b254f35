import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from '@shared/errors';
import { RateLimitedError } from './features/auth/rate-limit';

/** Maps every failure to `{error: {code, message}}`: AppError as is, validation to validation_failed, the rest to internal. */
export async function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (error instanceof AppError) {
    if (error.code === 'internal') request.log.error({ err: error }, 'internal error');
    if (error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
    await reply.status(error.status).send({ error: error.toBody() });
    return;
  }
  const conflict = uniqueViolation(error);
  if (conflict) {
    await reply.status(409).send({ error: { code: 'conflict', message: conflict } });
    return;
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'request';
    const details = error.validation.map((v) => {
      const field = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      return field ? `${field}: ${v.message}` : (v.message ?? 'invalid value');
    });
    await reply
      .status(400)
      .send({ error: { code: 'validation_failed', message: `Check the ${where}: ${details.join('; ')}` } });
    return;
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error }, 'response did not match its schema');
  } else if (error.statusCode && error.statusCode < 500) {
    // Fastify's own client errors (malformed JSON, unsupported media type, body too large).
    await reply.status(error.statusCode).send({
      error: { code: error.statusCode === 429 ? 'rate_limited' : 'validation_failed', message: error.message },
    });
    return;
  } else {
    request.log.error({ err: error }, 'unhandled error');
  }
  await reply
    .status(500)
    .send({ error: { code: 'internal', message: 'Something went wrong on the server; try again' } });
}

export async function notFoundHandler(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  await reply
    .status(404)
    .send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` } });
}

const conflictMessages: Record<string, string> = {
  organizations_slug_key: 'That address is taken; choose another',
  users_email_key: 'An account with this email already exists; sign in instead',
};

/**
 * A unique-key race the service's own check could not see (two requests at once) is a conflict, not
 * a server error. PostgreSQL reports it as SQLSTATE 23505; drizzle wraps it in `cause`.
 */
function uniqueViolation(error: unknown): string | null {
  for (
    let e: unknown = error, depth = 0;
    e && typeof e === 'object' && depth < 3;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const { code, constraint } = e as { code?: unknown; constraint?: unknown };
    if (code === '23505')
      return conflictMessages[typeof constraint === 'string' ? constraint : ''] ?? 'That already exists';
  }
  return null;
}
