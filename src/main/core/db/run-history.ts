import type { RunHistorySort, RunSummary } from '@shared/ipc-runs';
import { RUN_ERROR_PREVIEW_CHARS } from '@shared/ipc-runs';
import type { Run, RunStatus } from '@shared/schemas/automation';
import { cachedStatement } from './connection';
import type { LocalDb } from './connection';
import { parseEntity } from './entities';

/** The history's filters as SQL sees them (free text is handled by the caller through FTS5). */
export type RunRowFilters = {
  botId?: string | undefined;
  status?: RunStatus | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

/**
 * A position in a sort order: the sort column's value and the rowid breaking ties. Every index on
 * `runs` ends with the implicit rowid, so ordering by (column, rowid) walks an index without sorting.
 */
export type RunKey = { value: string | number | null; rowid: number };
export type KeyedRowid = RunKey;

const sortColumns = { queuedAt: 'queued_at', durationMs: 'duration_ms', credits: 'credits' } as const;
/** Index per filter (none, bot, status, bot + status) and sort column: the filter's equalities, then the column. */
const walkIndexes = {
  queuedAt: ['runs_queued_at', 'runs_bot', 'runs_status', 'runs_bot_status'],
  durationMs: ['runs_duration', 'runs_bot_duration', 'runs_status_duration', 'runs_bot_duration'],
  credits: ['runs_credits', 'runs_bot_credits', 'runs_status_credits', 'runs_bot_credits'],
} as const;
/** Only duration is nullable (queued and running runs have none): NULLs sort first ascending, last descending. */
const nullable = { queuedAt: false, durationMs: true, credits: false } as const;

function filterSql(orgId: string, f: RunRowFilters): { where: string; args: (string | number)[] } {
  const where = ['org_id = ?'];
  const args: (string | number)[] = [orgId];
  const add = (sql: string, value: string | undefined) => {
    if (!value) return;
    where.push(sql);
    args.push(value);
  };
  add('bot_id = ?', f.botId);
  add('status = ?', f.status);
  add('queued_at >= ?', f.from);
  add('queued_at <= ?', f.to);
  return { where: where.join(' AND '), args };
}

/**
 * The index a window of this filter and sort column walks: one range of it, in order, when the
 * filter is bot and/or status (bot + status in another order checks the status row by row; so does
 * a date range in another order than queue time). Named explicitly: the app never runs ANALYZE.
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

type Segment = { where: string; args: (string | number | null)[]; order: string };

/**
 * The parts of the order after `after`, each one index range: a nullable column walks its non-null
 * values and its NULLs separately, because a row-value comparison with NULL matches nothing.
 */
function segments(sort: RunHistorySort, after: RunKey | null): Segment[] {
  const col = sortColumns[sort.key];
  const desc = sort.dir === 'desc';
  const op = desc ? '<' : '>';
  const dir = desc ? 'DESC' : 'ASC';
  const valued: Segment = { where: '', args: [], order: `${col} ${dir}, rowid ${dir}` };
  const nulls: Segment = { where: `${col} IS NULL`, args: [], order: `rowid ${dir}` };
  if (!nullable[sort.key]) {
    return after ? [{ ...valued, where: `(${col}, rowid) ${op} (?, ?)`, args: [after.value, after.rowid] }] : [valued];
  }
  const notNull = `${col} IS NOT NULL`;
  const afterNull = after?.value === null ? { where: `${nulls.where} AND rowid ${op} ?`, args: [after.rowid] } : null;
  const afterValue =
    after && after.value !== null
      ? { where: `${notNull} AND (${col}, rowid) ${op} (?, ?)`, args: [after.value, after.rowid] }
      : null;
  if (desc) {
    if (afterNull) return [{ ...nulls, ...afterNull }];
    return [afterValue ? { ...valued, ...afterValue } : { ...valued, where: notNull }, nulls];
  }
  if (afterValue) return [{ ...valued, ...afterValue }];
  return [afterNull ? { ...nulls, ...afterNull } : nulls, { ...valued, where: notNull }];
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
  const base = filterSql(orgId, f);
  const col = sortColumns[sort.key];
  const indexed = `INDEXED BY ${page.index}`;
  const keys: RunKey[] = [];
  let skip = page.skip;
  for (const seg of segments(sort, page.after)) {
    const want = page.limit - keys.length;
    if (want <= 0) break;
    const where = seg.where ? `${base.where} AND ${seg.where}` : base.where;
    const from = `FROM runs ${indexed} WHERE ${where}`;
    const sql = `SELECT ${col} AS value, rowid ${from} ORDER BY ${seg.order} LIMIT ? OFFSET ?`;
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
export function orderedRowids(
  db: LocalDb,
  orgId: string,
  f: RunRowFilters,
  sort: RunHistorySort,
  fts: { match: string; cap: number } | null,
): number[] {
  const base = filterSql(orgId, f);
  const col = sortColumns[sort.key];
  const dir = sort.dir === 'desc' ? 'DESC' : 'ASC';
  const within = fts
    ? 'AND rowid IN (SELECT rowid FROM runs_fts WHERE runs_fts MATCH ? ORDER BY rowid DESC LIMIT ?)'
    : '';
  // A small set is found through the filters' index and sorted, never by walking the whole sort index
  // (bot + status: its index carries both sort values, so the rows are not read at all).
  const indexed = fts ? '' : `INDEXED BY ${walkIndex(f, 'queuedAt')}`;
  const sql = `SELECT rowid FROM runs ${indexed} WHERE ${base.where} ${within} ORDER BY +${col} ${dir}, rowid ${dir}`;
  const args = fts ? [...base.args, fts.match, fts.cap] : base.args;
  return cachedStatement(db, sql)
    .pluck()
    .all(...args) as number[];
}

/** How many runs (of every org: FTS5 has no org column) match the words, counting no further than `cap`. */
export function countTextMatches(db: LocalDb, match: string, cap: number): number {
  const sql = 'SELECT count(*) AS n FROM (SELECT rowid FROM runs_fts WHERE runs_fts MATCH ? LIMIT ?)';
  return (cachedStatement(db, sql).get(match, cap) as { n: number }).n;
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
// each row are never parsed in JavaScript.
const summarySql = (errorChars: number) => `SELECT rowid,
  json_extract(coalesce(local, data), ${summaryFields.map((f) => `'$.${f}'`).join(', ')}) AS fields,
  substr(error, 1, ${Math.floor(errorChars)}) AS errorPreview
  FROM runs WHERE org_id = ? AND rowid IN (SELECT value FROM json_each(?))`;

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
