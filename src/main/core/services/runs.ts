import { AppError } from '@shared/errors';
import type { RunHistoryFilters, RunHistorySort, RunQueryInput, RunSummary, RunWindow } from '@shared/ipc-runs';
import { RUN_ERROR_MAX_CHARS, runSchema, runsPageSchema } from '@shared/schemas/automation';
import type { Run } from '@shared/schemas/automation';
import type { LocalDb } from '../db/connection';
import { botOptions, localRun } from '../db/run-history';
import type { ServerClient } from '../sync/http-client';
import { csvDocument, csvRecord } from './csv';
import { OlderRuns, olderState, olderSummaries } from './older-runs';
import { requireReady } from './orgs';
import { LocalRunViews } from './run-window';

/** How the history reaches the server for older runs: only while signed in, through the session. */
export type ServerAccess = {
  signedIn(): boolean;
  call<T>(fn: (client: ServerClient) => Promise<T>): Promise<T>;
};

type History = { local: LocalRunViews; older: OlderRuns };
/** Caches belong to one open database (one user): another account never sees them. */
const histories = new WeakMap<LocalDb, History>();

function historyOf(db: LocalDb): History {
  let h = histories.get(db);
  if (!h) {
    h = { local: new LocalRunViews(), older: new OlderRuns() };
    histories.set(db, h);
  }
  return h;
}

/** Only newest-first reaches past the local window: the server pages its history in that order alone. */
const reachesServer = (sort: RunHistorySort) => sort.key === 'queuedAt' && sort.dir === 'desc';

/**
 * A window of the run history by row index: local matches first (SQLite, any sort), then — in the
 * newest-first order — older runs from the server, fetched page by page when the window reaches
 * past what is held. Offline, the view ends at the local rows and says older ones need a connection.
 */
export async function queryRuns(db: LocalDb, server: ServerAccess, input: RunQueryInput): Promise<RunWindow> {
  requireReady(db, input.orgId);
  const { orgId, filters, sort, offset, limit } = input;
  const h = historyOf(db);
  const local = h.local.window(db, orgId, { filters, sort }, offset, limit);
  const base = { offset, localTotal: local.total, textCapped: local.textCapped, olderError: null };
  // Capped text shows only the newest matches: appending older server rows after them would hide a gap.
  if (!reachesServer(sort) || local.textCapped) {
    return { ...base, rows: local.rows, total: local.total, older: 'unsupported' };
  }
  const pages = h.older.pages(db, orgId, filters);
  const end = offset + limit;
  if (end > local.total + pages.runs.length && !pages.done) {
    if (server.signedIn()) {
      const fetchPage = (path: string) => server.call((c) => c.json('GET', path, runsPageSchema));
      await h.older.fetchNext(db, fetchPage, orgId, filters, pages);
    } else {
      pages.offline = true;
    }
  }
  const older = olderSummaries(pages, offset - local.total, end - local.total);
  return {
    ...base,
    rows: [...local.rows, ...older].slice(0, limit),
    total: local.total + pages.runs.length,
    older: olderState(pages),
    olderError: pages.error,
  };
}

/** One run with its log and data: this device's copy, an older run fetched for a view, or the server's. */
export async function getRun(db: LocalDb, server: ServerAccess, orgId: string, runId: string): Promise<Run> {
  requireReady(db, orgId);
  const found = localRun(db, orgId, runId) ?? historyOf(db).older.find(orgId, runId);
  if (found) return found;
  if (!server.signedIn())
    throw new AppError('offline', 'This run is not on this device; opening it needs a connection');
  return server.call((c) => c.json('GET', `/v1/orgs/${orgId}/runs/${runId}`, runSchema));
}

export function runBots(db: LocalDb, orgId: string): { id: string; name: string }[] {
  requireReady(db, orgId);
  return botOptions(db, orgId);
}

const exportWindow = 500;
const csvHeader = [
  'run_id',
  'bot',
  'bot_id',
  'started_by',
  'status',
  'queued_at',
  'started_at',
  'finished_at',
  'duration_ms',
  'credits',
  'error',
  'source',
];

/** The filtered, sorted view as RFC 4180 CSV: every local match, then the older runs fetched so far. */
export function exportRunsCsv(
  db: LocalDb,
  orgId: string,
  filters: RunHistoryFilters,
  sort: RunHistorySort,
): { csv: string; count: number } {
  requireReady(db, orgId);
  const h = historyOf(db);
  const records: string[] = [];
  const q = { filters, sort };
  const { total, textCapped } = h.local.size(db, orgId, q);
  for (let offset = 0; offset < total; offset += exportWindow) {
    const { rows } = h.local.window(db, orgId, q, offset, exportWindow, RUN_ERROR_MAX_CHARS);
    for (const row of rows) records.push(csvLine(row));
  }
  if (reachesServer(sort) && !textCapped) {
    for (const run of h.older.pages(db, orgId, filters).runs) {
      records.push(csvLine({ ...run, source: 'server' }));
    }
  }
  return { csv: csvDocument(csvHeader, records), count: records.length };
}

function csvLine(r: Omit<RunSummary, 'source'> & { source: RunSummary['source'] }): string {
  return csvRecord([
    r.id,
    r.botName,
    r.botId,
    r.startedBy,
    r.status,
    r.queuedAt,
    r.startedAt ?? '',
    r.finishedAt ?? '',
    r.durationMs === null ? '' : String(r.durationMs),
    String(r.credits),
    r.error ?? '',
    r.source,
  ]);
}
