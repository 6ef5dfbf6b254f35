import { z } from 'zod';
import { AppError } from '@shared/errors';
import { snapshotLineSchema, syncEntitySchema } from '@shared/schemas/sync';
import type { SnapshotLine, SyncEntity } from '@shared/schemas/sync';
import { inTransaction } from '../db/connection';
import {
  clearOrgRows,
  finishBootstrap,
  rowValues,
  setBootstrapProgress,
  startBootstrap,
  upsertRowValues,
} from '../db/mutations';
import type { RowValues } from '../db/mutations';
import type { SyncContext } from './context';
import { readLines } from './lines';
import { replayPending } from './local-mutators';

/**
 * Rows per SQLite transaction. Snapshot pages (500 rows) are buffered until this many have arrived,
 * so one transaction spans several pages: big enough to be fast, small enough (tens of ms) to keep
 * the main process responsive. At most one chunk is held in memory.
 */
export const chunkSize = 4000;
/**
 * What storing a row costs, in plain rows (the rest count 1). A run is indexed for the history —
 * FTS5, its words, a dozen sort indexes, run_keys, two bucket tables — and costs about 30 times a
 * member row (350–450 µs against ~12 µs on a slow 2-core machine): 4,000 of them held the main
 * process for 1.5 s. At this weight each page of runs (500) is its own transaction, for 0–20 % more
 * time per run than in chunks of 4,000.
 */
const rowCost: Partial<Record<SyncEntity, number>> = { run: chunkSize / 500 };
/** A slow download still commits (and shows its progress) this often, before a chunk fills. */
const flushEveryMs = 500;

/**
 * A rows line's envelope. Its rows are validated one by one against their entity's sync view when
 * stored, so they are not also copied through the contract's generic record check here.
 */
const rowsLineSchema = z.object({ type: z.literal('rows'), entity: syncEntitySchema, rows: z.array(z.unknown()) });
type RowsLine = z.infer<typeof rowsLineSchema>;

/**
 * Downloads an org's snapshot and stores it. The org stays `bootstrapping` (shown as incomplete)
 * until the end line arrives with the expected row count; the last chunk and the `ready` mark
 * commit together. An interrupted download leaves it so (the chunks already stored stay hidden),
 * and the next attempt starts over from a fresh snapshot.
 */
export async function bootstrapOrg(ctx: SyncContext, orgId: string, signal?: AbortSignal): Promise<void> {
  const response = await ctx.client.stream(`/v1/sync/orgs/${orgId}/snapshot`, 'application/x-ndjson', signal);
  if (!response.body) throw new AppError('internal', 'The server sent an empty snapshot');
  const total = Number(response.headers.get('content-length')) || null;
  const chunks = chunkWriter(ctx, orgId);
  let version: number | null = null;
  let rows = 0;
  let pages = 0;
  try {
    for await (const { line, bytes } of readLines(response.body)) {
      if (line.trim() === '') continue;
      const item = parseLine(line);
      if (item.type === 'header') {
        if (item.orgId !== orgId) throw new AppError('internal', 'The server sent another organization’s snapshot');
        version = item.version;
        inTransaction(ctx.db, () => {
          clearOrgRows(ctx.db, orgId);
          startBootstrap(ctx.db, orgId, item.version);
        });
      } else if (item.type === 'rows') {
        if (version === null) throw new AppError('internal', 'The snapshot started without its header');
        pages += 1;
        rows += item.rows.length;
        chunks.add(item, estimate(bytes, total, pages));
      } else {
        if (version === null || item.rowCount !== rows) {
          throw new AppError('internal', 'The snapshot ended incomplete; it will be downloaded again');
        }
        const v0 = version;
        const stored = chunks.flush(() => {
          finishBootstrap(ctx.db, orgId, v0);
          replayPending(ctx.db, orgId);
        });
        const shown: SyncEntity[] = ['org', 'role', 'member', 'invitation', 'auditEvent', 'ownershipTransfer'];
        ctx.emit('data.changed', { orgIds: [orgId], entities: [...new Set([...shown, ...stored]), 'orgSync'] });
        return;
      }
    }
  } catch (error) {
    if (error instanceof AppError || signal?.aborted) throw error;
    // fetch reports a dropped connection mid-body as a TypeError; anything else is a bad row.
    if (error instanceof TypeError) throw interrupted();
    throw new AppError('internal', 'The server sent organization data this app does not understand');
  }
  throw interrupted();
}

/**
 * Buffers snapshot pages and stores them a chunk per transaction, with the progress reached. Each
 * page is validated and laid out as it arrives, so a flush only binds rows and blocks the main
 * process (and the download behind it) for as short as possible.
 */
function chunkWriter(ctx: SyncContext, orgId: string) {
  let pages: { entity: SyncEntity; values: RowValues[] }[] = [];
  /** The buffered rows' cost in plain rows (rowCost). */
  let cost = 0;
  let progress = 0;
  let flushedAt = performance.now();
  /**
   * Stores what is buffered in one transaction and answers the entities it stored; `finish` (the
   * bootstrap's end) commits with it.
   */
  const flush = (finish?: () => void): SyncEntity[] => {
    const batch = pages;
    pages = [];
    cost = 0;
    flushedAt = performance.now();
    inTransaction(ctx.db, () => {
      for (const page of batch) upsertRowValues(ctx.db, page.entity, page.values);
      if (batch.length > 0) setBootstrapProgress(ctx.db, orgId, progress);
      finish?.();
    });
    const entities = [...new Set(batch.map((p) => p.entity))];
    if (batch.length > 0 && !finish) ctx.emit('data.changed', { orgIds: [orgId], entities: [...entities, 'orgSync'] });
    return entities;
  };
  return {
    add(page: RowsLine, progressAfter: number): void {
      pages.push({ entity: page.entity, values: rowValues(orgId, page.entity, page.rows) });
      cost += page.rows.length * (rowCost[page.entity] ?? 1);
      progress = progressAfter;
      if (cost >= chunkSize || performance.now() - flushedAt >= flushEveryMs) flush();
    },
    flush,
  };
}

function interrupted(): AppError {
  return new AppError('offline', 'The organization download was interrupted; it resumes when the connection is back');
}

function parseLine(line: string): SnapshotLine | RowsLine {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new AppError('internal', 'The server sent a damaged snapshot line');
  }
  const isRows = typeof json === 'object' && json !== null && 'type' in json && json.type === 'rows';
  const parsed = isRows ? rowsLineSchema.safeParse(json) : snapshotLineSchema.safeParse(json);
  if (!parsed.success) throw new AppError('internal', 'The server sent a snapshot line this app does not understand');
  return parsed.data;
}

/** Share downloaded; without a length, creeps toward (never reaches) 1 page by page. */
function estimate(bytes: number, total: number | null, pages: number): number {
  const share = total ? bytes / total : 1 - 1 / (1 + pages / 4);
  return Math.min(0.99, Math.max(0, share));
}
