import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '@shared/errors';
import { idSchema } from '@shared/schemas/common';
import type { Limit } from '../auth/rate-limit';
import { acceptWebhook } from './webhook.service';
import { signatureHeader, timestampHeader } from './webhook-signature';

const maxBodyBytes = 256 * 1024;
const idempotencyKeySchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'Use printable ASCII without spaces');

/**
 * Calls a webhook may take before 429 (per process, like the identity routes' limits: protection
 * against floods and signature guessing, not a quota; a busy integration sends far fewer).
 */
export const webhookLimits = {
  perTrigger: { max: 120, windowSeconds: 60 },
  perIp: { max: 1_200, windowSeconds: 60 },
} as const satisfies Record<string, Limit>;

const headerOf = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * `POST /v1/hooks/:triggerId`: public (the signature is the credential). A plugin of its own, so
 * its raw-body parser applies to this route only: the HMAC is over the bytes exactly as sent.
 * Unknown triggers, disabled ones and wrong signatures all answer 401 with one message.
 */
export const webhookRoutes: FastifyPluginAsyncZod = async (app) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBodyBytes }, (_request, body, done) => {
    done(null, body);
  });

  app.post(
    '/v1/hooks/:triggerId',
    {
      bodyLimit: maxBodyBytes,
      schema: {
        tags: ['triggers'],
        params: z.object({ triggerId: idSchema }),
        description: `Queues a run of the webhook trigger's bot. Sign \`<${timestampHeader}>.<raw body>\` with HMAC-SHA256 under the trigger's secret and send \`${signatureHeader}: sha256=<hex>\` and \`${timestampHeader}: <unix seconds>\` (±5 minutes). An optional \`Idempotency-Key\` header makes retries answer the same run.`,
        response: { 202: z.object({ runId: idSchema }) },
      },
    },
    async (request, reply) => {
      app.rateLimiter.hit([
        { key: `webhook:trigger:${request.params.triggerId}`, limit: webhookLimits.perTrigger },
        { key: `webhook:ip:${request.ip}`, limit: webhookLimits.perIp },
      ]);
      const rawKey = headerOf(request.headers['idempotency-key']);
      const key = rawKey === undefined ? undefined : idempotencyKeySchema.safeParse(rawKey);
      if (key && !key.success) {
        throw new AppError('validation_failed', 'Idempotency-Key must be 1–200 printable characters without spaces');
      }
      const result = await acceptWebhook(
        app.database,
        {
          triggerId: request.params.triggerId,
          rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
          signature: headerOf(request.headers[signatureHeader]),
          timestamp: headerOf(request.headers[timestampHeader]),
          idempotencyKey: key?.data,
        },
        app.now(),
      );
      return reply.status(202).send(result);
    },
  );
};
