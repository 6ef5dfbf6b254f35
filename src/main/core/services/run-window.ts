import type { RunHistoryFilters, RunHistorySort, RunSummary } from '@shared/ipc-runs';
import type { LocalDb } from '../db/connection';
import { bucketEnd, bucketStart, runsVersion } from '../db/run-buckets';
import { textSearchFor, textMatches } from '../db/run-fts';
import { orderedRowids, runKeysAfter, runSummaries, walkIndex } from '../db/run-history';
import type { RunKey, RunRowFilters } from '../db/run-history';
import { viewBuckets, viewCount } from './run-view-buckets';
import type { PlacedBucket } from './run-view-buckets';

/** A free-text search reads at most this many matches (the newest); more are reported as capped (run-fts.ts). */
export const TEXT_MATCH_CAP = 10_000;
/** Result sets up to this size are listed once in order (rowids only) and windows are slices of it. */
export const LISTED_MAX = 20_000;
/** Rows between remembered keys where no bucket counts place a position (a bot's date range by duration or credits). */
export const ANCHOR_STEP = 1024;
/**
 * A view without bucket counts (a bot's date range sorted by duration or credits) is listed in order
 * at its first deep jump when it holds no more than this many runs (a read of its date range's
 * index and a sort, once), instead of hopping through every anchor before the position.
 */
export const JUMP_LISTED_MAX = 200_000;
/** Views (filter × sort) remembered at once: the table's current one and a few recent ones. */
const cachedViews = 8;

/**
 * How one filtered, sorted view of an org's local runs is read by row index — the virtualized
 * table asks for windows anywhere in up to a million rows:
 * - small or text-searched sets are listed once in order (rowids), windows slice that list;
 * - large sets walk an index by keyset. A window starts right after the previous one when the
 *   person scrolls on; elsewhere the bucket counts (run-buckets.ts) say which bucket holds the
 *   position, and the window skips into that bucket with a short OFFSET. A bot's date range
 *   sorted by duration or credits has no such counts: its first windows hop from keys remembered
 *   every ANCHOR_STEP rows, and a deep jump lists it (JUMP_LISTED_MAX).
 * Counts and positions hold until the org's runs change (its version in `run_versions`).
 */
type LocalView = {
  version: number;
  total: number;
  textCapped: boolean;
  listed: number[] | null;
  buckets: PlacedBucket[] | null;
  /** anchors[k]: key of the row just before index k × ANCHOR_STEP (null: the start). */
  anchors: (RunKey | null)[];
  /** Where the previous window ended, to scroll on from its last key. */
  last: { end: number; key: RunKey } | null;
  index: string;
};

export type LocalWindow = { rows: RunSummary[]; total: number; textCapped: boolean };
export type ViewQuery = { filters: RunHistoryFilters; sort: RunHistorySort };

export class LocalRunViews {
  readonly #views = new Map<string, LocalView>();

  /** The local matches at [offset, offset + limit) and how many there are. */
  window(db: LocalDb, orgId: string, q: ViewQuery, offset: number, limit: number, errorChars?: number): LocalWindow {
    const view = this.#view(db, orgId, q);
    if (listsOnJump(view, offset)) view.listed = orderedRowids(db, orgId, rowFilters(q.filters), q.sort);
    const rowids = view.listed ? view.listed.slice(offset, offset + limit) : walk(db, orgId, q, view, offset, limit);
    const rows = runSummaries(db, orgId, rowids, errorChars);
    return { rows, total: view.total, textCapped: view.textCapped };
  }

  /** Only the count (and whether text was capped), e.g. to place older server rows after the local ones. */
  size(db: LocalDb, orgId: string, q: ViewQuery): { total: number; textCapped: boolean } {
    const view = this.#view(db, orgId, q);
    return { total: view.total, textCapped: view.textCapped };
  }

  clear(): void {
    this.#views.clear();
  }

  #view(db: LocalDb, orgId: string, q: ViewQuery): LocalView {
    const key = JSON.stringify([orgId, q.filters, q.sort]);
    const version = runsVersion(db, orgId);
    const cached = this.#views.get(key);
    const view = cached && cached.version === version ? cached : buildView(db, orgId, q, version);
    this.#views.delete(key);
    this.#views.set(key, view);
    while (this.#views.size > cachedViews) this.#views.delete(this.#views.keys().next().value ?? '');
    return view;
  }
}

/** The history's filters as SQL compares them: instants in the stored form (UTC, milliseconds). */
export function rowFilters(f: RunHistoryFilters): RunRowFilters {
  const instant = (iso: string | undefined) => (iso ? new Date(iso).toISOString() : undefined);
  return { botId: f.botId, status: f.status, from: instant(f.from), to: instant(f.to) };
}

/** Whether this window is a deep jump into a view that has no bucket counts to place it (see JUMP_LISTED_MAX). */
function listsOnJump(view: LocalView, offset: number): boolean {
  if (view.listed || view.buckets || view.total > JUMP_LISTED_MAX || offset < ANCHOR_STEP) return false;
  const gap = view.last ? offset - view.last.end : -1;
  return !(gap >= 0 && gap < ANCHOR_STEP) && view.anchors.length <= Math.floor(offset / ANCHOR_STEP);
}

/** Rowids of the window: one keyset walk from where the position is placed. */
function walk(db: LocalDb, orgId: string, q: ViewQuery, view: LocalView, offset: number, limit: number): number[] {
  if (offset >= view.total) return [];
  const start = place(db, orgId, q, view, offset);
  if (start === undefined) return [];
  const keys = runKeysAfter(db, orgId, rowFilters(q.filters), q.sort, { ...start, limit, index: view.index });
  const lastKey = keys.at(-1);
  if (lastKey) view.last = { end: offset + keys.length, key: lastKey };
  return keys.map((key) => key.rowid);
}

type Start = { after: RunKey | null; skip: number };

/** Where a walk to `offset` starts: the previous window's end, the bucket holding it, or an anchor. */
function place(db: LocalDb, orgId: string, q: ViewQuery, view: LocalView, offset: number): Start | undefined {
  const gap = view.last ? offset - view.last.end : -1;
  if (view.last && gap >= 0 && gap < ANCHOR_STEP) return { after: view.last.key, skip: gap };
  if (view.buckets) return inBucket(q.sort, view.buckets, offset);
  const k = Math.floor(offset / ANCHOR_STEP);
  const after = anchor(db, orgId, q, view, k);
  return after === undefined ? undefined : { after, skip: offset - k * ANCHOR_STEP };
}

/** The bucket holding `offset` (binary search) and a key just before its first row in the view's order. */
function inBucket(sort: RunHistorySort, buckets: PlacedBucket[], offset: number): Start {
  let lo = 0;
  let hi = buckets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((buckets[mid]?.start ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  const b = buckets[lo];
  if (!b || lo === 0) return { after: null, skip: offset - (b?.start ?? 0) };
  const skip = offset - b.start;
  // Every rowid is positive and every queue time sorts after '': (bound, '', -1) sorts before any
  // row whose value is the bound.
  if (sort.dir === 'asc') {
    const at = b.day === undefined ? '' : String(bucketStart('queuedAt', b.day));
    return { after: { value: bucketStart(sort.key, b.bucket), at, rowid: -1 }, skip };
  }
  if (sort.key === 'durationMs' && b.bucket < 0) {
    // The NULL durations come last, newest first: start after their day, or after every queue time ('~' > any digit).
    const at = b.day === undefined ? '~' : String(bucketStart('queuedAt', b.day + 1));
    return { after: { value: null, at, rowid: Number.MAX_SAFE_INTEGER }, skip };
  }
  return { after: { value: bucketEnd(sort.key, b.bucket), at: '', rowid: -1 }, skip };
}

/** The key before row k × ANCHOR_STEP, hopping from the nearest remembered one; undefined past the end. */
function anchor(db: LocalDb, orgId: string, q: ViewQuery, view: LocalView, k: number): RunKey | null | undefined {
  let j = Math.min(k, view.anchors.length - 1);
  const filters = rowFilters(q.filters);
  while (j < k) {
    const page = { after: view.anchors[j] ?? null, skip: ANCHOR_STEP - 1, limit: 1, index: view.index };
    const [key] = runKeysAfter(db, orgId, filters, q.sort, page);
    if (!key) return undefined;
    view.anchors[j + 1] = key;
    j += 1;
  }
  return view.anchors[k] ?? null;
}

function buildView(db: LocalDb, orgId: string, q: ViewQuery, version: number): LocalView {
  const filters = rowFilters(q.filters);
  const search = q.filters.text ? textSearchFor(db, q.filters.text, TEXT_MATCH_CAP) : null;
  const index = walkIndex(filters, q.sort.key);
  const base = { version, anchors: [null], last: null, index, buckets: null };
  if (search) {
    const found = textMatches(db, orgId, filters, q.sort, search);
    return { ...base, total: found.rowids.length, textCapped: found.capped, listed: found.rowids };
  }
  const total = viewCount(db, orgId, filters);
  if (total <= LISTED_MAX) {
    return { ...base, total, textCapped: false, listed: orderedRowids(db, orgId, filters, q.sort) };
  }
  return { ...base, total, textCapped: false, listed: null, buckets: viewBuckets(db, orgId, filters, q.sort) };
}
