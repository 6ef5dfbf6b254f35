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
 * - 401 `unauthenticated` when no key has that hash, the key is revoked or its organization is being
 *   deleted — from the first request after that change commits, in every process;
 * - 403 `forbidden` when the key's scopes lack `scope`;
 * - 429 `rate_limited` with `Retry-After` when the key is over `planOf(org.plan).apiRequestsPerMinute`
 *   for its type; the count lives in PostgreSQL, so the limit holds across server processes.
 *
 * Most requests make no database call: the process keeps each key it verified (api-key-cache.ts,
 * trusted only behind a notification barrier) and leases the key's budget from the shared count a
 * few requests at a time (at most 2 % of the limit; one lease per key in flight). A key is never
 * admitted past its limit; with several processes it may be refused up to (lease − 1) requests early
 * per process, what they leased and had not spent when the limit was reached. A lookup and a lease
 * are one round trip on PostgreSQL. Each request is counted once, however often
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
import { maxLeaseOf } from './api-key-cache';
import type { CachedKey } from './api-key-cache';
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
const caughtUp = new WeakSet<FastifyRequest>();

/**
 * Whether the request's authentication waited, after the request arrived, for every notification
 * committed before it (a cached key): other caches kept by notifications may then trust themselves
 * for this request without a barrier of their own.
 */
export function passedBarrier(request: FastifyRequest): boolean {
  return caughtUp.has(request);
}

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
  const window = Math.floor(now.getTime() / rateWindowMs) * rateWindowMs;
  const { keys } = app.apiKeyGate;
  // One lease per key in flight: the others wait for it and spend what it leased.
  for (;;) {
    const waitMs = app.apiKeyGate.deniedFor(hash, now);
    if (waitMs > 0) throw overLimit(Math.ceil(waitMs / 1000), null);
    const entry = await keys.trusted(hash, now);
    if (entry) {
      caughtUp.add(request);
      refuseUnusable(entry.key);
      if (keys.take(entry, window)) {
        app.apiKeyGate.recordUse(entry.key.orgId, entry.key.id, now);
        return principalOf(entry.key);
      }
    }
    const pending = keys.caching ? keys.pendingLease(hash) : undefined;
    if (!pending) return lease(app, hash, now, window, keys.caching ? (entry?.nextLease ?? 1) : 1);
    await pending.catch(() => undefined);
  }
}

/**
 * Asks the database for the key and `want` requests of its budget in the window (one round trip),
 * caches the answer with what of the lease is left after this request, and admits or refuses it.
 */
async function lease(
  app: FastifyInstance,
  hash: string,
  now: Date,
  window: number,
  want: number,
): Promise<ApiKeyPrincipal> {
  const { keys } = app.apiKeyGate;
  const generation = keys.generation;
  // Literals (a hex hash, our own clock's time, an integer): with its transaction, one round trip (queryOnce).
  const statement = leaseStatement(hash, new Date(window), want);
  const [row] = await keys.track(hash, queryOnce<HitRow>(app.database, { userId: null, orgId: null }, statement));
  if (!row) {
    keys.forget(hash);
    throw new AppError('unauthenticated', 'This API key is not known; check it or create a new one');
  }
  const key = cachedKeyOf(row);
  const usable = !key.revoked && key.orgActive;
  const plan = planOf(key.plan);
  const limit = plan.apiRequestsPerMinute[key.type];
  // What of this lease fits under the limit: the count before it was hits - want.
  const granted = usable ? Math.min(want, Math.max(0, limit - (row.hits - want))) : 0;
  const nextLease = Math.min(maxLeaseOf(limit), want * 2);
  keys.store(hash, { key, fetchedAt: now.getTime(), window, budget: Math.max(0, granted - 1), nextLease }, generation);
  refuseUnusable(key);
  app.apiKeyGate.recordUse(key.orgId, key.id, now);
  if (granted === 0) {
    const windowEnd = new Date(new Date(row.window_start).getTime() + rateWindowMs);
    app.apiKeyGate.deny(hash, windowEnd);
    const retryAfter = Math.max(1, Math.ceil((windowEnd.getTime() - now.getTime()) / 1000));
    throw overLimit(retryAfter, `${limit} requests a minute (${keyTypeName[key.type]} keys on the ${plan.name} plan)`);
  }
  return principalOf(key);
}

function refuseUnusable(key: CachedKey): void {
  if (key.revoked) throw new AppError('unauthenticated', 'This API key was revoked; create a new one');
  if (!key.orgActive) throw new AppError('unauthenticated', "This API key's organization is being deleted");
}

function cachedKeyOf(row: HitRow): CachedKey {
  return {
    orgId: row.org_id,
    id: row.id,
    name: row.name,
    type: row.type,
    scopes: row.scopes.filter(isPermission),
    revoked: row.revoked_at !== null,
    orgActive: row.org_status === 'active',
    plan: planKeyOf(row.plan),
  };
}

function principalOf(key: CachedKey): ApiKeyPrincipal {
  return { orgId: key.orgId, apiKeyId: key.id, type: key.type, scopes: key.scopes, name: key.name };
}

function leaseStatement(hash: string, windowStart: Date, want: number): string {
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new AppError('internal', 'An API key hash is 64 hex digits');
  if (!Number.isInteger(want) || want < 1) throw new AppError('internal', 'A lease counts a whole number of requests');
  return `SELECT * FROM botdesk_api_key_lease('${hash}', '${windowStart.toISOString()}'::timestamptz, ${want})`;
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
