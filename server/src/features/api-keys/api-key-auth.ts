/**
 * API-key authentication for the routes an organization API key may call (runner, usage).
 *
 * Stable interface, for route handlers:
 *
 *   const principal = await authenticateApiKey(app, request, 'runs.execute');
 *   return withApiKeyTx(app, principal, (c) => doTheWork(c, principal.orgId, ...));
 *
 * `authenticateApiKey` answers, in this order and before any work is done:
 * - 401 `unauthenticated` when the `Authorization: Bearer <key>` header is missing, or the key's
 *   shape or checksum is wrong (decided without touching the database);
 * - 429 `rate_limited` with `Retry-After` (seconds) when this process already saw the key over its
 *   limit in the current window (decided from memory, without touching the database);
 * - 401 `unauthenticated` when no key has that hash, the key is revoked (takes effect on the next
 *   request, in every process) or its organization is being deleted;
 * - 403 `forbidden` when the key's scopes lack `scope`;
 * - 429 `rate_limited` with `Retry-After` when the key is over `planOf(org.plan).apiRequestsPerMinute`
 *   for its type; the count lives in PostgreSQL, so the limit holds across server processes.
 * The lookup and the count are one database call (one round trip on PostgreSQL). Each request is counted once, however often
 * `authenticateApiKey` is called for it. Use is recorded in memory; last_used_at is written in batches.
 *
 * `withApiKeyTx` opens the request's transaction as botdesk_app scoped to the key's org (no user:
 * `c.userId` is null, so services that record an actor record the system).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '@shared/errors';
import { isPermission } from '@shared/permissions';
import type { Permission } from '@shared/permissions';
import { planOf, plans } from '@shared/plans';
import type { PlanKey } from '@shared/plans';
import type { ApiKeyType } from '@shared/schemas/automation';
import { queryOnce, withTx } from '../../db/tx';
import type { TxContext } from '../../db/tx';
import { RateLimitedError } from '../auth/rate-limit';
import { hashApiKey, parseApiKey } from './api-key-format';
import { rateWindowMs } from './api-key-gate';

/** Who calls with an API key: the key and the organization it belongs to. */
export type ApiKeyPrincipal = {
  orgId: string;
  apiKeyId: string;
  type: ApiKeyType;
  scopes: Permission[];
  name: string;
};

type HitRow = {
  org_id: string;
  id: string;
  name: string;
  type: ApiKeyType;
  scopes: string[];
  revoked_at: string | Date | null;
  plan: string;
  org_status: string;
  window_start: string | Date;
  hits: number;
};

const resolved = new WeakMap<FastifyRequest, ApiKeyPrincipal>();

/** Authenticates the request's API key and checks its scope and rate limit (see the file comment); throws AppError. */
export async function authenticateApiKey(
  app: FastifyInstance,
  request: FastifyRequest,
  scope: Permission,
): Promise<ApiKeyPrincipal> {
  const principal = resolved.get(request) ?? (await resolve(app, request));
  resolved.set(request, principal);
  if (!principal.scopes.includes(scope)) {
    throw new AppError('forbidden', `This API key lacks the ${scope} scope; create a key that has it`);
  }
  return principal;
}

/** Runs fn in one transaction as botdesk_app scoped to the principal's organization. */
export function withApiKeyTx<T>(
  app: FastifyInstance,
  principal: ApiKeyPrincipal,
  fn: (c: TxContext) => Promise<T>,
): Promise<T> {
  return withTx(app.database, { userId: null, orgId: principal.orgId }, fn);
}

async function resolve(app: FastifyInstance, request: FastifyRequest): Promise<ApiKeyPrincipal> {
  const parsed = parseApiKey(bearerOf(request));
  if (!parsed) {
    throw new AppError(
      'unauthenticated',
      'This is not a valid Botdesk API key (bd_<type>_…); check that it was copied whole',
    );
  }
  const now = app.now();
  const hash = hashApiKey(parsed.secret);
  const waitMs = app.apiKeyGate.deniedFor(hash, now);
  if (waitMs > 0) throw overLimit(Math.ceil(waitMs / 1000), null);

  const windowStart = new Date(Math.floor(now.getTime() / rateWindowMs) * rateWindowMs);
  // Literals (a hex hash, our own clock's time): with its transaction, one round trip (queryOnce).
  const [row] = await queryOnce<HitRow>(app.database, { userId: null, orgId: null }, hitStatement(hash, windowStart));
  if (!row) throw new AppError('unauthenticated', 'This API key is not known; check it or create a new one');
  if (row.revoked_at !== null) throw new AppError('unauthenticated', 'This API key was revoked; create a new one');
  if (row.org_status !== 'active') {
    throw new AppError('unauthenticated', "This API key's organization is being deleted");
  }
  app.apiKeyGate.recordUse(row.org_id, row.id, now);

  const plan = planOf(planKeyOf(row.plan));
  const limit = plan.apiRequestsPerMinute[row.type];
  if (row.hits > limit) {
    const windowEnd = new Date(new Date(row.window_start).getTime() + rateWindowMs);
    app.apiKeyGate.deny(hash, windowEnd);
    const retryAfter = Math.max(1, Math.ceil((windowEnd.getTime() - now.getTime()) / 1000));
    throw overLimit(retryAfter, `${limit} requests a minute (${keyTypeName[row.type]} keys on the ${plan.name} plan)`);
  }
  return {
    orgId: row.org_id,
    apiKeyId: row.id,
    type: row.type,
    scopes: row.scopes.filter(isPermission),
    name: row.name,
  };
}

function hitStatement(hash: string, windowStart: Date): string {
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new AppError('internal', 'An API key hash is 64 hex digits');
  return `SELECT * FROM botdesk_api_key_hit('${hash}', '${windowStart.toISOString()}'::timestamptz)`;
}

const keyTypeName = { standard: 'standard', ai_agent: 'AI agent' } as const satisfies Record<ApiKeyType, string>;

function overLimit(retryAfterSeconds: number, limitText: string | null): RateLimitedError {
  const allowance = limitText ? ` of ${limitText}` : '';
  return new RateLimitedError(
    retryAfterSeconds,
    `This API key used up its allowance${allowance}; try again in ${retryAfterSeconds} s`,
  );
}

function bearerOf(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const match = header ? /^bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match?.[1]) throw new AppError('unauthenticated', 'Send an API key as "Authorization: Bearer <key>"');
  return match[1];
}

function planKeyOf(value: string): PlanKey {
  if (!Object.hasOwn(plans, value)) throw new AppError('internal', `Unknown plan "${value}"`);
  return value as PlanKey;
}
