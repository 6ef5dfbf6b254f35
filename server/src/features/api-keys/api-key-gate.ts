import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { apiKeys } from '../../db/schema';
import { withTx } from '../../db/tx';
import { recordChange } from '../sync/change-log';
import { ApiKeyCache } from './api-key-cache';
import { apiKeyColumns, apiKeySyncView } from './api-key-views';

/** How often the used keys' last_used_at is written. */
export const lastUsedFlushMs = 5_000;
/** last_used_at is kept to this precision: a key used all day is written (and synced) once a minute, not per flush. */
export const lastUsedPrecisionMs = 60_000;
/** The rate-limit window (see 0006_api_keys.sql for why it is fixed). */
export const rateWindowMs = 60_000;

/**
 * The per-process state of API-key authentication: verified keys and their leased budgets
 * (api-key-cache.ts), keys this process has seen go over their limit (refused from memory until
 * their window ends, so a flood costs no database work), and keys used since the last flush (so
 * last_used_at costs no write per request). The limit itself is counted in the database, shared by
 * every server process.
 */
export class ApiKeyGate {
  readonly keys: ApiKeyCache;
  private readonly denied = new Map<string, number>();
  private used = new Map<string, { orgId: string; keyId: string; at: Date }>();
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly database: Database) {
    this.keys = new ApiKeyCache(database);
  }

  /** Milliseconds until a key hash may ask again, or 0 when this process has not seen it over its limit. */
  deniedFor(hash: string, now: Date): number {
    const until = this.denied.get(hash);
    if (until === undefined) return 0;
    const left = until - now.getTime();
    if (left > 0) return left;
    this.denied.delete(hash);
    return 0;
  }

  /** Remembers that a key went over its limit in the window ending at `until`. */
  deny(hash: string, until: Date): void {
    if (this.denied.size >= 10_000) this.sweep(Date.now());
    this.denied.set(hash, until.getTime());
  }

  /** Notes a use of a key, written by the next flush. */
  recordUse(orgId: string, keyId: string, at: Date): void {
    this.used.set(keyId, { orgId, keyId, at });
  }

  /**
   * Writes last_used_at of the keys used since the last flush: one short transaction per org, and
   * only for keys whose stored value is older than the precision, each logged as an `apiKey` change.
   * Flushes never overlap; a failed one keeps its uses for the next.
   */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushOnce());
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    if (this.used.size === 0) return;
    const batch = this.used;
    this.used = new Map();
    const byOrg = new Map<string, { keyId: string; at: Date }[]>();
    for (const use of batch.values()) byOrg.set(use.orgId, [...(byOrg.get(use.orgId) ?? []), use]);
    for (const [orgId, uses] of byOrg) {
      try {
        await this.touch(orgId, uses);
      } catch (error) {
        for (const use of uses) if (!this.used.has(use.keyId)) this.used.set(use.keyId, { orgId, ...use });
        throw error;
      }
    }
  }

  private async touch(orgId: string, uses: { keyId: string; at: Date }[]): Promise<void> {
    await withTx(this.database, { userId: null, orgId }, async (c) => {
      for (const { keyId, at } of uses) {
        const stale = new Date(at.getTime() - lastUsedPrecisionMs);
        const [row] = await c.tx
          .update(apiKeys)
          .set({ lastUsedAt: at })
          .where(
            and(
              eq(apiKeys.orgId, orgId),
              eq(apiKeys.id, keyId),
              or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, stale)),
            ),
          )
          .returning(apiKeyColumns);
        if (row) {
          const view = apiKeySyncView(row);
          await recordChange(c, { orgId, entity: 'apiKey', entityId: row.id, op: 'upsert', data: view });
        }
      }
    });
  }

  private sweep(at: number): void {
    for (const [hash, until] of this.denied) if (until <= at) this.denied.delete(hash);
  }
}
