import { AppError } from '@shared/errors';
import type { SyncStatus } from '@shared/ipc';
import type { LiveEvent } from '@shared/schemas/sync';
import { countUnpushed, getOrgSync, listOrgSync } from '../db/queries';
import { bootstrapOrg } from './bootstrap';
import type { SyncContext } from './context';
import { isRetryable } from './http-client';
import { runLiveStream } from './live';
import { forwardSignal } from './live-signals';
import { pullAll } from './pull';
import { pushOutbox } from './push';
import { pruneRunHistory } from './run-retention';
import { backoffMs } from './waker';
import type { Waker } from './waker';

/** How often to pull when no live poke arrives (the live stream may be silently stuck). */
export const fallbackPullMs = 45_000;

export type SyncEngineOptions = {
  ctx: SyncContext;
  /** Aborted when the engine stops; the context's client must use it for its requests. */
  waker: Waker;
  /** The server refused the session (401): the caller switches to `expired`, keeping the outbox. */
  onUnauthorized(message: string): void;
  /** Runs each org keeps locally (app settings); older ones are pruned after pulls and bootstraps. */
  runHistoryLimit?: () => number;
};

/** Pulls alone check the run window this seldom (a bootstrap always checks): the check reads an index. */
const pruneCheckMs = 30_000;

/**
 * Keeps one user's local copy in step with the server: push then pull then bootstrap, coalesced so
 * at most one cycle runs; retried with backoff on network and server errors; woken by the live
 * stream, by local mutations and by a periodic fallback.
 */
export class SyncEngine {
  readonly #ctx: SyncContext;
  readonly #waker: Waker;
  readonly #onUnauthorized: (message: string) => void;
  #status: SyncStatus;
  #wanted = false;
  #running: Promise<void> | null = null;
  #attempt = 0;
  #retryTimer: NodeJS.Timeout | null = null;
  #fallbackTimer: NodeJS.Timeout | null = null;
  #live: Promise<void> | null = null;
  #syncSoon: NodeJS.Immediate | null = null;
  readonly #runHistoryLimit: (() => number) | null;
  #prunedAt = -Infinity;

  constructor(options: SyncEngineOptions) {
    this.#ctx = options.ctx;
    this.#waker = options.waker;
    this.#onUnauthorized = options.onUnauthorized;
    this.#runHistoryLimit = options.runHistoryLimit ?? null;
    this.#status = {
      online: false,
      pendingCount: countUnpushed(this.#ctx.db),
      lastSyncedAt: null,
      lastError: null,
      clientOutdated: false,
    };
  }

  status(): SyncStatus {
    return { ...this.#status };
  }

  start(): void {
    this.#live = runLiveStream(this.#ctx.client, this.#waker, {
      onOpen: () => {
        this.#update({ online: true });
        this.requestSync();
      },
      onEvent: (event) => this.#onLiveEvent(event),
      onError: (error) => this.#onError(error, false),
    });
    this.#fallbackTimer = setInterval(() => this.requestSync(), fallbackPullMs);
    this.#fallbackTimer.unref?.();
    this.requestSync();
  }

  /** Asks for a sync cycle soon; cycles never overlap, and requests during one cause one more. */
  requestSync(): void {
    if (this.#waker.stopped) return;
    this.#wanted = true;
    this.#running ??= this.#loop();
  }

  /** Runs a cycle now and waits for it (its failure shows in the status, never as a throw). */
  async syncNow(): Promise<SyncStatus> {
    this.requestSync();
    await this.#running;
    return this.status();
  }

  /** "Retry now": skips the backoff wait, reconnects the live stream, syncs. */
  async retry(): Promise<SyncStatus> {
    this.#clearRetry();
    this.#attempt = 0;
    this.#waker.wake();
    return this.syncNow();
  }

  /**
   * The outbox changed locally: update the pending count and push soon. The cycle starts on a later
   * turn of the event loop, so the mutation's IPC answer goes out first; a burst of edits starts one.
   */
  outboxChanged(): void {
    this.#update({ pendingCount: countUnpushed(this.#ctx.db) });
    this.#syncSoon ??= setImmediate(() => {
      this.#syncSoon = null;
      this.requestSync();
    });
  }

  async stop(): Promise<void> {
    this.#waker.stop();
    this.#clearRetry();
    if (this.#fallbackTimer) clearInterval(this.#fallbackTimer);
    if (this.#syncSoon) clearImmediate(this.#syncSoon);
    this.#syncSoon = null;
    await Promise.allSettled([this.#running, this.#live]);
  }

  async #loop(): Promise<void> {
    try {
      while (this.#wanted && !this.#waker.stopped) {
        this.#wanted = false;
        try {
          await this.#cycle();
          this.#attempt = 0;
          this.#update({ online: true, lastSyncedAt: new Date().toISOString(), lastError: null });
        } catch (error) {
          if (this.#waker.stopped) return;
          this.#onError(error, true);
        }
      }
    } finally {
      this.#running = null;
    }
  }

  async #cycle(): Promise<void> {
    const ctx = this.#ctx;
    await pushOutbox(ctx);
    this.#update({ pendingCount: countUnpushed(ctx.db) });
    await pullAll(ctx);
    const incomplete = listOrgSync(ctx.db).filter((o) => o.state === 'bootstrapping');
    for (const org of incomplete) await bootstrapOrg(ctx, org.orgId, this.#waker.signal);
    // Catch up from each snapshot's version; a refused mutation found here is reverted by the pull.
    if (incomplete.length > 0) await pullAll(ctx);
    await this.#pruneRuns(incomplete.length > 0);
    this.#update({ pendingCount: countUnpushed(ctx.db) });
  }

  /** Keeps each org's local runs to the configured window: local deletes only, never sent to the server. */
  async #pruneRuns(afterBootstrap: boolean): Promise<void> {
    const limit = this.#runHistoryLimit?.();
    if (limit === undefined || (!afterBootstrap && performance.now() - this.#prunedAt < pruneCheckMs)) return;
    this.#prunedAt = performance.now();
    const trimmed = await pruneRunHistory(this.#ctx.db, limit);
    if (trimmed.length > 0) this.#ctx.emit('data.changed', { orgIds: trimmed, entities: ['run'] });
  }

  #onLiveEvent(event: LiveEvent): void {
    if (event.type === 'poke') {
      const local = getOrgSync(this.#ctx.db, event.orgId);
      if (!local || local.cursor < event.version) this.requestSync();
    } else if (event.type === 'membership') {
      this.requestSync();
    } else if (event.type === 'signal') {
      forwardSignal(this.#ctx, event);
    }
  }

  #onError(error: unknown, scheduleRetry: boolean): void {
    const appError = error instanceof AppError ? error : new AppError('internal', 'Syncing failed unexpectedly');
    const lastError = { code: appError.code, message: appError.message };
    if (appError.code === 'unauthenticated') {
      this.#update({ lastError });
      this.#onUnauthorized(appError.message);
      return;
    }
    if (appError.code === 'client_outdated') {
      this.#update({ clientOutdated: true, lastError });
      return;
    }
    this.#update({ lastError, ...(appError.code === 'offline' ? { online: false } : {}) });
    if (scheduleRetry && isRetryable(appError)) this.#scheduleRetry();
  }

  #scheduleRetry(): void {
    this.#clearRetry();
    this.#retryTimer = setTimeout(() => this.requestSync(), backoffMs(this.#attempt++));
    this.#retryTimer.unref?.();
  }

  #clearRetry(): void {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  #update(patch: Partial<SyncStatus>): void {
    const next = { ...this.#status, ...patch };
    if (JSON.stringify(next) === JSON.stringify(this.#status)) return;
    this.#status = next;
    this.#ctx.emit('sync.status', this.status());
  }
}
