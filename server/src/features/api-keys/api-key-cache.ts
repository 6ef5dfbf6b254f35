import type { Permission } from '@shared/permissions';
import type { PlanKey } from '@shared/plans';
import type { ApiKeyType } from '@shared/schemas/automation';
import type { Database } from '../../db/client';
import { Invalidations } from '../../db/invalidations';

/** NOTIFY channel of changes to what a key may do; payload: the org id (see 0013_api_key_leases.sql). */
export const apiKeyChangesChannel = 'botdesk_api_keys';
/** A cached key is asked of the database again after this long, whatever the notifications said. */
export const cachedKeyTtlMs = 30_000;
/** Beyond this many cached keys the cache starts over (each key is then looked up again once). */
const maxEntries = 50_000;

/** A key as the database answered it at its last lease. */
export type CachedKey = {
  orgId: string;
  id: string;
  name: string;
  type: ApiKeyType;
  scopes: Permission[];
  revoked: boolean;
  orgActive: boolean;
  plan: PlanKey;
};

/** A cached key and the part of its current window's budget this process leased and has not spent. */
export type KeyEntry = {
  key: CachedKey;
  fetchedAt: number;
  /** Start (ms) of the rate-limit window the budget belongs to. */
  window: number;
  budget: number;
  /** How many requests the next lease asks for. */
  nextLease: number;
};

/**
 * A process leases at most this many requests of a key's per-minute limit at a time (2 %): what it
 * leased and did not spend is lost when the window ends, so the bound on what a key can be refused
 * early is this, less one, per server process.
 */
export function maxLeaseOf(limit: number): number {
  return Math.max(1, Math.floor(limit / 50));
}

/**
 * Verified API keys in process memory, keyed by the SHA-256 of the secret (never the secret). An
 * entry is trusted only while this process listens on apiKeyChangesChannel, and only after a
 * notification barrier: a request waits until every notification committed before it arrived has
 * been handled, so a key revoked (or its org changed) by any process is refused by every process
 * from the first request after the commit. A lease answered after its org's keys were invalidated
 * is not kept (see Invalidations: the notifications name the org).
 */
export class ApiKeyCache {
  readonly #entries = new Map<string, KeyEntry>();
  readonly #byOrg = new Map<string, Set<string>>();
  readonly #leasing = new Map<string, Promise<unknown>>();
  readonly #invalidations = new Invalidations(maxEntries);

  constructor(private readonly database: Database) {}

  /** Whether entries may be used (this process hears every change); until then each request asks the database. */
  get caching(): boolean {
    return this.#invalidations.listening;
  }

  /** The invalidation count to pass to `store` for a lease that begins now. */
  get generation(): number {
    return this.#invalidations.generation;
  }

  /** Starts hearing key changes; resolves to the function that stops (and empties the cache). */
  listen(): Promise<() => Promise<void>> {
    return this.#invalidations.listen(this.database, apiKeyChangesChannel, {
      onForget: (orgId) => this.#dropOrg(orgId),
      onClear: () => this.#empty(),
    });
  }

  /** The key's entry once every change committed before this call has been heard, or null. */
  async trusted(hash: string, now: Date): Promise<KeyEntry | null> {
    if (!this.#invalidations.listening || !this.#entries.has(hash)) return null;
    try {
      await this.database.notificationBarrier();
    } catch {
      return null;
    }
    const entry = this.#entries.get(hash);
    if (!entry || now.getTime() - entry.fetchedAt >= cachedKeyTtlMs) return null;
    return entry;
  }

  /** Spends one request of the entry's leased budget in `window`; false when none is left. */
  take(entry: KeyEntry, window: number): boolean {
    if (entry.window !== window || entry.budget <= 0) return false;
    entry.budget -= 1;
    return true;
  }

  /** The lease of this key in flight in this process, if any (one at a time per key). */
  pendingLease(hash: string): Promise<unknown> | undefined {
    return this.#leasing.get(hash);
  }

  /** Marks `lease` as this key's lease in flight until it settles. */
  track<T>(hash: string, lease: Promise<T>): Promise<T> {
    this.#leasing.set(hash, lease);
    const done = () => {
      if (this.#leasing.get(hash) === lease) this.#leasing.delete(hash);
    };
    lease.then(done, done);
    return lease;
  }

  /** Keeps a lease's answer, unless the key's org was invalidated since `generation` was read. */
  store(hash: string, entry: KeyEntry, generation: number): void {
    if (!this.#invalidations.fresh(entry.key.orgId, generation)) return;
    if (this.#entries.size >= maxEntries && !this.#entries.has(hash)) this.#empty();
    this.#entries.set(hash, entry);
    const hashes = this.#byOrg.get(entry.key.orgId) ?? new Set<string>();
    hashes.add(hash);
    this.#byOrg.set(entry.key.orgId, hashes);
  }

  forget(hash: string): void {
    const entry = this.#entries.get(hash);
    if (!entry) return;
    this.#entries.delete(hash);
    this.#byOrg.get(entry.key.orgId)?.delete(hash);
  }

  #empty(): void {
    this.#entries.clear();
    this.#byOrg.clear();
  }

  #dropOrg(orgId: string): void {
    for (const hash of this.#byOrg.get(orgId) ?? []) this.#entries.delete(hash);
    this.#byOrg.delete(orgId);
  }
}
