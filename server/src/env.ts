import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
    .optional(),
  BOTDESK_DATA_DIR: z.string().min(1).default('./.data/server'),
  BOTDESK_AUTH_SECRET: z.string().min(32, 'BOTDESK_AUTH_SECRET must be at least 32 characters').optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL must be an smtp:// or smtps:// URL')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
});

/** The server's validated configuration; the only view of process.env the rest of the code gets. */
export type Env = {
  PORT: number;
  /** Interface to listen on: loopback in development, every interface in production, unless set. */
  HOST: string;
  DATABASE_URL: string | undefined;
  BOTDESK_DATA_DIR: string;
  BOTDESK_AUTH_SECRET: string;
  PUBLIC_URL: string;
  SMTP_URL: string | undefined;
  LOG_LEVEL: z.infer<typeof envSchema>['LOG_LEVEL'];
  NODE_ENV: z.infer<typeof envSchema>['NODE_ENV'];
};

/** Parses the environment; outside production a missing auth secret is generated and kept in the data folder. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings mean "unset" (e.g. `DATABASE_URL= npm run server`).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid server configuration: ${problems}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.BOTDESK_DATA_DIR);
  return {
    PORT: e.PORT,
    HOST: e.HOST ?? (e.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1'),
    DATABASE_URL: e.DATABASE_URL,
    BOTDESK_DATA_DIR: dataDir,
    BOTDESK_AUTH_SECRET: e.BOTDESK_AUTH_SECRET ?? devAuthSecret(dataDir, e.NODE_ENV),
    PUBLIC_URL: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    SMTP_URL: e.SMTP_URL,
    LOG_LEVEL: e.LOG_LEVEL,
    NODE_ENV: e.NODE_ENV,
  };
}

function devAuthSecret(dataDir: string, nodeEnv: Env['NODE_ENV']): string {
  if (nodeEnv === 'production')
    throw new Error('Invalid server configuration: BOTDESK_AUTH_SECRET is required in production');
  const file = join(dataDir, 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** DATABASE_URL of the process environment, validated (tests use it to choose PostgreSQL over PGlite). */
export function configuredDatabaseUrl(source: Record<string, string | undefined> = process.env): string | undefined {
  const value = source.DATABASE_URL;
  if (!value) return undefined;
  return envSchema.shape.DATABASE_URL.parse(value);
}
