import type { RunHistoryFilters, RunHistorySort, RunSummary, RunWindow } from '@shared/ipc-runs';
import { invoke } from '@renderer/lib/api';

/** Rows per request: a screenful or two of the table. */
export const WINDOW_ROWS = 100;

type Loaded = { rows: RunSummary[]; generation: number };
export type ViewQuery = { orgId: string; filters: RunHistoryFilters; sort: RunHistorySort };

/**
 * The windows of one filtered, sorted view, fetched by index as the table scrolls. A bumped
 * `generation` (local data changed) re-reads windows when they are next asked for, showing the
 * old rows meanwhile, so nothing flickers.
 */
export class RunWindowCache {
  readonly query: ViewQuery;
  meta: RunWindow | null = null;
  error: string | null = null;
  #generation: number;
  readonly #windows = new Map<number, Loaded>();
  readonly #inflight = new Set<string>();
  readonly #changed: () => void;
  #visible: [number, number] = [0, 0];

  constructor(query: ViewQuery, generation: number, changed: () => void) {
    this.query = query;
    this.#generation = generation;
    this.#changed = changed;
  }

  /** Local data changed: windows on screen are read again. */
  refresh(generation: number): void {
    if (generation === this.#generation) return;
    this.#generation = generation;
    this.ensure(...this.#visible);
  }

  /** The table shows rows first…last: fetch the windows they fall in (and re-read stale or short ones). */
  ensure(first: number, last: number): void {
    this.#visible = [first, Math.max(first, last)];
    for (let w = Math.floor(first / WINDOW_ROWS); w <= Math.floor(Math.max(first, last) / WINDOW_ROWS); w++)
      this.#load(w);
  }

  row(index: number): RunSummary | null {
    return this.#windows.get(Math.floor(index / WINDOW_ROWS))?.rows[index % WINDOW_ROWS] ?? null;
  }

  retry(): void {
    this.error = null;
    this.#windows.clear();
    this.#changed();
    this.ensure(...this.#visible);
  }

  #load(index: number): void {
    const loaded = this.#windows.get(index);
    const generation = this.#generation;
    const tag = `${generation}:${index}`;
    // A short window is complete only at the end of the view (older server pages extend it).
    const complete =
      loaded !== undefined &&
      (loaded.rows.length === WINDOW_ROWS || index * WINDOW_ROWS + loaded.rows.length >= (this.meta?.total ?? 0));
    if ((complete && loaded.generation === generation) || this.#inflight.has(tag)) return;
    this.#inflight.add(tag);
    const input = { ...this.query, offset: index * WINDOW_ROWS, limit: WINDOW_ROWS };
    invoke('runs.query', input)
      .then((w) => {
        this.#windows.set(index, { rows: w.rows, generation });
        if (generation === this.#generation || !this.meta) this.meta = w;
        this.error = null;
      })
      .catch((error: unknown) => {
        this.error = error instanceof Error ? error.message : 'The history could not be read';
      })
      .finally(() => {
        this.#inflight.delete(tag);
        this.#changed();
      });
  }
}
