import type { RunHistorySort, RunSummary } from '@shared/ipc-runs';
import { RUN_ERROR_PREVIEW_CHARS } from '@shared/ipc-runs';
import type { Run, RunStatus } from '@shared/schemas/automation';
import { cachedStatement } from './connection';
import type { LocalDb } from './connection';
import { parseEntity } from './entities';
import { bucketOf } from './run-bucket-sql';
import type { BucketCount } from './run-buckets';

/** The history's filters as SQL sees them (free text is handled by the caller through FTS5). */
export type RunRowFilters = {
  botId?: string | undefined;
  status?: RunStatus | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

/**
 * A position in a sort order: the sort column's value, the queue time (ties in duration or credits
 * are ordered by it) and the rowid breaking the remaining ties. Every index on `runs` ends with the
 * implicit rowid, and the duration and credit indexes carry queued_at after their column, so
 * ordering by (column, [queued_at,] rowid) walks an index without sorting.
 */
export type RunKey = { value: string | number | null; at: string; rowid: number };

/** The column each sort orders by. */
export const sortColumns = { queuedAt: 'queued_at', durationMs: 'duration_ms', credits: 'credits' } as const;
/** Index per filter (none, bot, status, bot + status) and sort column: the filter's equalities, then the column. */
const walkIndexes = {
  queuedAt: ['runs_queued_at', 'runs_bot', 'runs_status', 'runs_bot_status'],
  durationMs: ['runs_duration', 'runs_bot_duration', 'runs_status_duration', 'runs_bot_duration'],
  credits: ['runs_credits', 'runs_bot_credits', 'runs_status_credits', 'runs_bot_credits'],
} as const;
/** Only duration is nullable (queued and running runs have none): NULLs sort first ascending, last descending. */
const nullable = { queuedAt: false, durationMs: true, credits: false } as const;

/** SQL conditions joined by AND, with the arguments of those whose value is given (not undefined or ''). */
export function conditions(terms: readonly (readonly [string, string | number | undefined])[]): {
  where: string;
  args: (string | number)[];
} {
  const used = terms.filter((t): t is readonly [string, string | number] => t[1] !== undefined && t[1] !== '');
  return { where: used.map(([sql]) => sql).join(' AND '), args: used.map(([, value]) => value) };
}

/**
 * The filters as SQL. `seekDates: false` keeps the date range from bounding an index search (it is
 * checked on each index entry): along a duration or credit index, SQLite with ANALYZE statistics
 * would otherwise skip-scan each value's dates and sort the whole range.
 */
function filterSql(orgId: string, f: RunRowFilters, seekDates = true): { where: string; args: (string | number)[] } {
  const at = seekDates ? 'queued_at' : '+queued_at';
  return conditions([
    ['org_id = ?', orgId],
    ['bot_id = ?', f.botId],
    ['status = ?', f.status],
    [`${at} >= ?`, f.from],
    [`${at} <= ?`, f.to],
  ]);
}

/**
 * The index a window of this filter and sort column walks: one range of it, in order, when the
 * filter is bot and/or status (bot + status in another order checks the status row by row; a date
 * range is checked inside the index). Named explicitly: the app never runs ANALYZE.
 */
export function walkIndex(f: RunRowFilters, key: RunHistorySort['key']): string {
  return walkIndexes[key][(f.botId ? 1 : 0) + (f.status ? 2 : 0)] ?? 'runs_queued_at';
}

/** How many local runs match, counting an index range — for ranges of about a day (see run-buckets.ts). */
export function countRuns(db: LocalDb, orgId: string, f: RunRowFilters): number {
  const { where, args } = filterSql(orgId, f);
  const sql = `SELECT count(*) AS n FROM runs INDEXED BY ${walkIndex(f, 'queuedAt')} WHERE ${where}`;
  return (cachedStatement(db, sql).get(...args) as { n: number }).n;
}

/**
 * How many local runs match per bucket of the duration or credit order — for ranges of about a day,
 * read from the queue-time index (it carries both values).
 */
export function countRunsByBucket(
  db: LocalDb,
  orgId: string,
  f: RunRowFilters,
  key: 'durationMs' | 'credits',
): BucketCount[] {
  const { where, args } = filterSql(orgId, f);
  const bucket = bucketOf(key === 'durationMs' ? 'd' : 'c', 'runs');
  const sql = `SELECT ${bucket} AS bucket, count(*) AS n FROM runs INDEXED BY ${walkIndex(f, 'queuedAt')}
    WHERE ${where} GROUP BY 1 ORDER BY 1`;
  return cachedStatement(db, sql).all(...args) as BucketCount[];
}

/**
 * A part of the order; `seekDates`: whether a date range may bound its index search (see filterSql);
 * `startAt`: the queue time a walk led by queue time starts from (see startingAt).
 */
type Segment = {
  where: string;
  args: (string | number | null)[];
  order: string;
  seekDates: boolean;
  startAt?: string | undefined;
};

/**
 * The filters with the date range's end on the walk's side moved to where the walk starts, when
 * that is nearer. SQLite bounds an index search by one condition per side, and the start key
 * `(queued_at, rowid) < (…)` is no bound at all where the index holds other columns between the
 * two: without this, a window deep in a date range read the range from its end up to the window.
 */
function startingAt(f: RunRowFilters, dir: RunHistorySort['dir'], at: string): RunRowFilters {
  if (dir === 'desc') return { ...f, to: f.to !== undefined && f.to < at ? f.to : at };
  return { ...f, from: f.from !== undefined && f.from > at ? f.from : at };
}

/**
 * The parts of the order after `after`, each one index range: a nullable column walks its non-null
 * values and its NULLs (ordered by queue time) separately, because a row-value comparison with
 * NULL matches nothing. Queue time bounds the search where it leads the order (see filterSql).
 */
function segments(sort: RunHistorySort, after: RunKey | null): Segment[] {
  const col = sortColumns[sort.key];
  const op = sort.dir === 'desc' ? '<' : '>';
  const dir = sort.dir === 'desc' ? 'DESC' : 'ASC';
  /** One index range in (cols…, rowid) order, starting past `from` (the leading values of `after`) when given. */
  const part = (cols: string[], where: string[], seekDates: boolean, from: RunKey['value'][] | null): Segment => {
    const keyed = [...cols, 'rowid'];
    const past = from && after ? [`(${keyed.join(', ')}) ${op} (${keyed.map(() => '?').join(', ')})`] : [];
    const startAt = from && after && cols[0] === 'queued_at' ? String(from[0]) : undefined;
    return {
      where: [...where, ...past].join(' AND '),
      args: from && after ? [...from, after.rowid] : [],
      order: keyed.map((c) => `${c} ${dir}`).join(', '),
      seekDates,
      startAt,
    };
  };
  if (sort.key === 'queuedAt') return [part([col], [], true, after ? [after.value] : null)];
  const isNullable = nullable[sort.key];
  const valued = (fromAfter: boolean) =>
    part(
      [col, 'queued_at'],
      isNullable ? [`${col} IS NOT NULL`] : [],
      false,
      fromAfter && after ? [after.value, after.at] : null,
    );
  if (!isNullable) return [valued(true)];
  const nulls = (fromAfter: boolean) =>
    part(['queued_at'], [`${col} IS NULL`], true, fromAfter && after ? [after.at] : null);
  const inNulls = after?.value === null;
  // Descending: the values, then the NULLs; ascending: the NULLs, then the values.
  if (sort.dir === 'desc') return inNulls ? [nulls(true)] : [valued(true), nulls(false)];
  return after && !inNulls ? [valued(true)] : [nulls(true), valued(false)];
}

/**
 * Keys of the matching runs in sort order after `after`, skipping `skip` of them with OFFSET (the
 * caller keeps it to a bucket's or an anchor step's worth) along `page.index` (see `walkIndex`).
 */
export function runKeysAfter(
  db: LocalDb,
  orgId: string,
  f: RunRowFilters,
  sort: RunHistorySort,
  page: { after: RunKey | null; skip: number; limit: number; index: string },
): RunKey[] {
  const col = sortColumns[sort.key];
  const indexed = `INDEXED BY ${page.index}`;
  const keys: RunKey[] = [];
  let skip = page.skip;
  for (const seg of segments(sort, page.after)) {
    const want = page.limit - keys.length;
    if (want <= 0) break;
    const base = filterSql(orgId, seg.startAt === undefined ? f : startingAt(f, sort.dir, seg.startAt), seg.seekDates);
    const where = seg.where ? `${base.where} AND ${seg.where}` : base.where;
    const from = `FROM runs ${indexed} WHERE ${where}`;
    const sql = `SELECT ${col} AS value, queued_at AS at, rowid ${from} ORDER BY ${seg.order} LIMIT ? OFFSET ?`;
    const rows = cachedStatement(db, sql).all(...base.args, ...seg.args, want, skip) as RunKey[];
    keys.push(...rows);
    if (rows.length > 0 || skip === 0) {
      skip = 0;
    } else {
      // The window starts in a later segment: skip what this whole segment holds.
      const n = cachedStatement(db, `SELECT count(*) AS n ${from}`).get(...base.args, ...seg.args) as { n: number };
      skip = Math.max(0, skip - n.n);
    }
  }
  return keys;
}

/** Every matching rowid in sort order — for small result sets only (the caller bounds them). */
export function orderedRowids(db: LocalDb, orgId: string, f: RunRowFilters, sort: RunHistorySort): number[] {
  const base = filterSql(orgId, f);
  const col = sortColumns[sort.key];
  const dir = sort.dir === 'desc' ? 'DESC' : 'ASC';
  const ties = sort.key === 'queuedAt' ? '' : `+queued_at ${dir}, `;
  // A small set is found through the filters' index and sorted, never by walking the whole sort index
  // (the queue-time indexes carry both sort values, so the rows are not read at all).
  const sql = `SELECT rowid FROM runs INDEXED BY ${walkIndex(f, 'queuedAt')} WHERE ${base.where}
    ORDER BY +${col} ${dir}, ${ties}rowid ${dir}`;
  return cachedStatement(db, sql)
    .pluck()
    .all(...base.args) as number[];
}

const summaryFields = [
  'id',
  'botId',
  'botName',
  'triggerId',
  'actorId',
  'startedBy',
  'status',
  'queuedAt',
  'startedAt',
  'finishedAt',
  'durationMs',
  'credits',
] as const;
type SummaryFields = { [K in (typeof summaryFields)[number]]: Run[K] };

// The table needs a dozen small fields; SQLite extracts them, so the (up to 24 kB) log and data of
// each row are never parsed in JavaScript. NOT INDEXED keeps it to a lookup per rowid: without
// ANALYZE statistics SQLite would rather scan one of the org's indexes to the end.
const summarySql = (errorChars: number) => `SELECT rowid,
  json_extract(coalesce(local, data), ${summaryFields.map((f) => `'$.${f}'`).join(', ')}) AS fields,
  substr(error, 1, ${Math.floor(errorChars)}) AS errorPreview
  FROM runs NOT INDEXED WHERE org_id = ? AND rowid IN (SELECT value FROM json_each(?))`;

/** Table rows for these rowids, in the order given (log and data left out; the error cut to `errorChars`). */
export function runSummaries(
  db: LocalDb,
  orgId: string,
  rowids: readonly number[],
  errorChars = RUN_ERROR_PREVIEW_CHARS,
): RunSummary[] {
  if (rowids.length === 0) return [];
  const rows = cachedStatement(db, summarySql(errorChars)).all(orgId, JSON.stringify(rowids)) as {
    rowid: number;
    fields: string;
    errorPreview: string | null;
  }[];
  const byRowid = new Map(rows.map((r) => [r.rowid, r]));
  const out: RunSummary[] = [];
  for (const rowid of rowids) {
    const row = byRowid.get(rowid);
    if (!row) continue;
    const values = JSON.parse(row.fields) as unknown[];
    const fields = Object.fromEntries(summaryFields.map((f, i) => [f, values[i] ?? null])) as SummaryFields;
    out.push({ ...fields, error: row.errorPreview, source: 'local' });
  }
  return out;
}

/** A run as a table row (older runs fetched from the server). */
export function toSummary(run: Run, source: RunSummary['source']): RunSummary {
  const error = run.error === null ? null : run.error.slice(0, RUN_ERROR_PREVIEW_CHARS);
  return { ...(Object.fromEntries(summaryFields.map((f) => [f, run[f]])) as SummaryFields), error, source };
}

/** One local run with its log and data, or null. */
export function localRun(db: LocalDb, orgId: string, runId: string): Run | null {
  const row = cachedStatement(db, 'SELECT coalesce(local, data) AS json FROM runs WHERE org_id = ? AND id = ?').get(
    orgId,
    runId,
  ) as { json: string | null } | undefined;
  return row?.json ? parseEntity('run', JSON.parse(row.json)) : null;
}

/** Which of these run ids this device holds (to merge older server pages without duplicates). */
export function localRunIds(db: LocalDb, orgId: string, ids: readonly string[]): Set<string> {
  if (ids.length === 0) return new Set();
  const sql = 'SELECT id FROM runs WHERE org_id = ? AND id IN (SELECT value FROM json_each(?))';
  return new Set(cachedStatement(db, sql).pluck().all(orgId, JSON.stringify(ids)) as string[]);
}

/** The oldest run this device keeps: older ones come from the server. */
export function oldestLocalRun(db: LocalDb, orgId: string): { id: string; queuedAt: string } | null {
  const sql = 'SELECT id, queued_at AS queuedAt FROM runs WHERE org_id = ? ORDER BY queued_at ASC, id ASC LIMIT 1';
  return (cachedStatement(db, sql).get(orgId) as { id: string; queuedAt: string } | undefined) ?? null;
}

/** The org's bots by name (for the history's bot filter). */
export function botOptions(db: LocalDb, orgId: string): { id: string; name: string }[] {
  return cachedStatement(db, 'SELECT id, name FROM bots WHERE org_id = ? ORDER BY name, id').all(orgId) as {
    id: string;
    name: string;
  }[];
}
