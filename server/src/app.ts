import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from './db/client';
import type { Env } from './env';
import { errorHandler, notFoundHandler } from './errors';
import { ApiKeyGate } from './features/api-keys/api-key-gate';
import { apiKeyRoutes } from './features/api-keys/api-keys.routes';
import { authRoutes } from './features/auth/auth.routes';
import { botRoutes } from './features/bots/bots.routes';
import { createAuth } from './features/auth/auth';
import type { Auth } from './features/auth/auth';
import { RateLimiter } from './features/auth/rate-limit';
import { invitationRoutes } from './features/invitations/invitations.routes';
import { auditRoutes } from './features/audit/audit.routes';
import { memberRoutes } from './features/members/members.routes';
import { orgRoutes } from './features/orgs/orgs.routes';
import { ownershipRoutes } from './features/ownership/ownership.routes';
import { roleRoutes } from './features/roles/roles.routes';
import { runnerRoutes } from './features/runner/runner.routes';
import { runRoutes } from './features/runs/runs.routes';
import { syncRoutes } from './features/sync/sync.routes';
import { triggerRoutes } from './features/triggers/triggers.routes';
import { updatesRoutes } from './features/updates/updates.routes';
import { creditsRoutes } from './features/credits/credits.routes';
import { createMailer } from './mail/mailer';
import type { Mailer } from './mail/mailer';

declare module 'fastify' {
  interface FastifyInstance {
    /** Validated configuration. */
    config: Env;
    /** The open database (PGlite or PostgreSQL). */
    database: Database;
    auth: Auth;
    mailer: Mailer;
    /** The server clock; tests may pin it. */
    now: () => Date;
    rateLimiter: RateLimiter;
    /** API-key authentication's per-process state (over-limit keys, last uses to write). */
    apiKeyGate: ApiKeyGate;
  }
}

export type AppConfig = {
  env: Env;
  database: Database;
  mailer?: Mailer;
  now?: () => Date;
  /** Where log lines go (stdout by default); tests read them to check redaction. */
  logDestination?: { write(line: string): void };
};

/** Log redaction: credentials never reach the logs. */
const redact = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'res.headers["set-auth-token"]',
  '*.token',
  '*.password',
  '*.code',
  '*.otp',
  '*.secret',
];

/** Builds the Fastify application: plugins, decorations, error mapping and every route. */
export async function createApp(config: AppConfig): Promise<FastifyInstance> {
  const { env, database } = config;
  const app = Fastify({
    logger: {
      level: env.LOG_LEVEL,
      redact: { paths: redact, censor: '[redacted]' },
      ...(config.logDestination ? { stream: config.logDestination } : {}),
    },
    // Unique request ids correlate one request's log lines across server processes.
    genReqId: () => crypto.randomUUID(),
    // Rate limits key on the socket address; behind a reverse proxy, configure it to pass the client IP.
    trustProxy: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  const now = config.now ?? (() => new Date());
  const mailer = config.mailer ?? createMailer({ smtpUrl: env.SMTP_URL, dataDir: env.BOTDESK_DATA_DIR, log: app.log });
  app.decorate('config', env);
  app.decorate('database', database);
  app.decorate('mailer', mailer);
  app.decorate('now', now);
  app.decorate('rateLimiter', new RateLimiter(now));
  app.decorate('apiKeyGate', new ApiKeyGate(database));
  app.decorate('auth', createAuth({ env, database, mailer, log: app.log }));

  await app.register(swagger, {
    openapi: {
      info: { title: 'Botdesk API', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/healthz', { schema: { hide: true, response: { 200: z.object({ ok: z.literal(true) }) } } }, async () => ({
    ok: true as const,
  }));
  app.get('/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(authRoutes);
  await app.register(orgRoutes);
  await app.register(memberRoutes);
  await app.register(roleRoutes);
  await app.register(ownershipRoutes);
  await app.register(auditRoutes);
  await app.register(invitationRoutes);
  await app.register(apiKeyRoutes);
  await app.register(botRoutes);
  await app.register(runRoutes);
  await app.register(runnerRoutes);
  await app.register(triggerRoutes);
  await app.register(creditsRoutes);
  await app.register(syncRoutes);
  await app.register(updatesRoutes);
  return app;
}
