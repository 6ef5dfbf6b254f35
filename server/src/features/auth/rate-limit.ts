import { AppError } from '@shared/errors';

/** A limit: at most `max` attempts per `windowSeconds`. */
export type Limit = { max: number; windowSeconds: number };

/** Attempt limits of the identity routes, per email and per client IP. */
export const authLimits = {
  signInPerEmail: { max: 10, windowSeconds: 15 * 60 },
  signInPerIp: { max: 300, windowSeconds: 15 * 60 },
  signUpPerEmail: { max: 5, windowSeconds: 15 * 60 },
  signUpPerIp: { max: 300, windowSeconds: 60 * 60 },
  codePerEmail: { max: 10, windowSeconds: 15 * 60 },
  codePerIp: { max: 300, windowSeconds: 15 * 60 },
  resetRequestPerEmail: { max: 5, windowSeconds: 15 * 60 },
  resetRequestPerIp: { max: 100, windowSeconds: 15 * 60 },
} as const satisfies Record<string, Limit>;

type Bucket = { count: number; resetsAt: number };

/**
 * Fixed-window counters in process memory. With several server processes each counts on its own,
 * so the effective limit is per process; good enough against guessing, not a quota.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => Date) {}

  /** Counts one attempt against every key; throws rate_limited (with Retry-After seconds) when any is exhausted. */
  hit(checks: readonly { key: string; limit: Limit }[]): void {
    const at = this.now().getTime();
    this.sweep(at);
    let retryAfter = 0;
    for (const { key, limit } of checks) {
      const bucket = this.bucket(key, limit, at);
      bucket.count += 1;
      if (bucket.count > limit.max) retryAfter = Math.max(retryAfter, Math.ceil((bucket.resetsAt - at) / 1000));
    }
    if (retryAfter > 0) throw new RateLimitedError(retryAfter);
  }

  private bucket(key: string, limit: Limit, at: number): Bucket {
    const existing = this.buckets.get(key);
    if (existing && existing.resetsAt > at) return existing;
    const fresh = { count: 0, resetsAt: at + limit.windowSeconds * 1000 };
    this.buckets.set(key, fresh);
    return fresh;
  }

  private sweep(at: number): void {
    if (this.buckets.size < 10_000) return;
    for (const [key, bucket] of this.buckets) if (bucket.resetsAt <= at) this.buckets.delete(key);
  }
}

/** rate_limited with the seconds until the window reopens (sent as Retry-After). */
export class RateLimitedError extends AppError {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number, message?: string) {
    super('rate_limited', message ?? `Too many attempts; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s)`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
