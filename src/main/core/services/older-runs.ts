import { AppError } from '@shared/errors';
import type { OlderRunsState, RunHistoryFilters, RunSummary } from '@shared/ipc-runs';
import type { Run, RunsPage } from '@shared/schemas/automation';
import type { LocalDb } from '../db/connection';
import { localRunIds, oldestLocalRun, toSummary } from '../db/run-history';

/** GETs one page of `/v1/orgs/:orgId/runs` (path with its query), through the signed-in session. */
export type FetchRunsPage = (path: string) => Promise<RunsPage>;

/** Runs per request for older pages (the server allows up to 1000). */
export const OLDER_PAGE_SIZE = 200;
/** Filtered views whose older pages are kept in memory at once. */
const keptViews = 4;

/**
 * Older runs than this device keeps, fetched from `GET /v1/orgs/:orgId/runs` for one filtered
 * view, newest first, beyond the oldest local run. They live in memory only — never in the synced
 * `runs` table — so the sync engine never sees them and pruning never fights them. Rows the device
 * also holds (the window's edge, a run pulled meanwhile) are dropped by id.
 */
type OlderPages = {
  /** The oldest local run when the pages were fetched; a moved edge (pruning) starts them over. */
  edgeId: string | null;
  runs: Run[];
  ids: Set<string>;
  nextCursor: string | null;
  done: boolean;
  error: string | null;
  offline: boolean;
  loading: Promise<void> | null;
};

export class OlderRuns {
  readonly #views = new Map<string, OlderPages>();

  /** What is held for this view (started over when the local window's edge moved). */
  pages(db: LocalDb, orgId: string, filters: RunHistoryFilters): OlderPages {
    const key = JSON.stringify([orgId, filters]);
    const edgeId = oldestLocalRun(db, orgId)?.id ?? null;
    let pages = this.#views.get(key);
    if (!pages || pages.edgeId !== edgeId) {
      pages = {
        edgeId,
        runs: [],
        ids: new Set(),
        nextCursor: null,
        done: false,
        error: null,
        offline: false,
        loading: null,
      };
    }
    this.#views.delete(key);
    this.#views.set(key, pages);
    while (this.#views.size > keptViews) this.#views.delete(this.#views.keys().next().value ?? '');
    return pages;
  }

  /** Fetches the view's next older page (one at a time per view); failures are kept on the pages, never thrown. */
  async fetchNext(
    db: LocalDb,
    fetchPage: FetchRunsPage,
    orgId: string,
    filters: RunHistoryFilters,
    pages: OlderPages,
  ): Promise<void> {
    if (pages.done) return;
    pages.loading ??= this.#fetch(db, fetchPage, orgId, filters, pages).finally(() => {
      pages.loading = null;
    });
    await pages.loading;
  }

  /** An older run fetched for some view, if any (the drawer opens it without asking the server again). */
  find(orgId: string, runId: string): Run | null {
    for (const pages of this.#views.values()) {
      const run = pages.runs.find((r) => r.id === runId && r.orgId === orgId);
      if (run) return run;
    }
    return null;
  }

  /** Forgets every fetched page (sign-out, org removed). */
  clear(): void {
    this.#views.clear();
  }

  async #fetch(
    db: LocalDb,
    fetchPage: FetchRunsPage,
    orgId: string,
    filters: RunHistoryFilters,
    pages: OlderPages,
  ): Promise<void> {
    const cursor = pages.nextCursor ?? pages.edgeId;
    const params = new URLSearchParams({ limit: String(OLDER_PAGE_SIZE) });
    if (cursor) params.set('cursor', cursor);
    if (filters.botId) params.set('botId', filters.botId);
    if (filters.status) params.set('status', filters.status);
    if (filters.from) params.set('from', filters.from);
    if (filters.to) params.set('to', filters.to);
    const q = filters.text?.trim();
    if (q) params.set('q', q);
    try {
      const page = await fetchPage(`/v1/orgs/${orgId}/runs?${params.toString()}`);
      const local = localRunIds(
        db,
        orgId,
        page.runs.map((r) => r.id),
      );
      for (const run of page.runs) {
        if (run.orgId !== orgId || local.has(run.id) || pages.ids.has(run.id)) continue;
        pages.ids.add(run.id);
        pages.runs.push(run);
      }
      pages.nextCursor = page.nextCursor;
      pages.done = page.nextCursor === null;
      pages.error = null;
      pages.offline = false;
    } catch (error) {
      const appError = error instanceof AppError ? error : new AppError('internal', 'Older runs could not be loaded');
      pages.offline = appError.code === 'offline';
      pages.error = pages.offline ? null : appError.message;
    }
  }
}

export function olderState(pages: OlderPages): OlderRunsState {
  if (pages.done) return 'end';
  return pages.offline ? 'offline' : 'more';
}

export function olderSummaries(pages: OlderPages, from: number, to: number): RunSummary[] {
  return pages.runs.slice(Math.max(0, from), Math.max(0, to)).map((run) => toSummary(run, 'server'));
}

export type { OlderPages };
