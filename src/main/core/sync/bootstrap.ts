import { AppError } from '@shared/errors';
import { snapshotLineSchema } from '@shared/schemas/sync';
import type { SnapshotLine, SyncEntity } from '@shared/schemas/sync';
import { inTransaction } from '../db/connection';
import { clearOrgRows, finishBootstrap, setBootstrapProgress, startBootstrap, upsertRows } from '../db/mutations';
import type { SyncContext } from './context';
import { readLines } from './lines';
import { replayPending } from './local-mutators';

/** Rows per SQLite transaction: big enough to be fast, small enough to keep the main process responsive. */
const chunkSize = 2000;

/**
 * Downloads an org's snapshot and stores it. The org stays `bootstrapping` (shown as incomplete)
 * until the end line arrives with the expected row count; an interrupted download leaves it so,
 * and the next attempt starts over from a fresh snapshot.
 */
export async function bootstrapOrg(ctx: SyncContext, orgId: string, signal?: AbortSignal): Promise<void> {
  const response = await ctx.client.stream(`/v1/sync/orgs/${orgId}/snapshot`, 'application/x-ndjson', signal);
  if (!response.body) throw new AppError('internal', 'The server sent an empty snapshot');
  const total = Number(response.headers.get('content-length')) || null;
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
        storePage(ctx, orgId, item.entity, item.rows, estimate(bytes, total, pages));
        ctx.emit('data.changed', { orgIds: [orgId], entities: [item.entity, 'orgSync'] });
      } else {
        if (version === null || item.rowCount !== rows) {
          throw new AppError('internal', 'The snapshot ended incomplete; it will be downloaded again');
        }
        const v0 = version;
        inTransaction(ctx.db, () => {
          finishBootstrap(ctx.db, orgId, v0);
          replayPending(ctx.db, orgId);
        });
        ctx.emit('data.changed', { orgIds: [orgId], entities: ['org', 'role', 'member', 'invitation', 'auditEvent', 'ownershipTransfer', 'orgSync'] });
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

function interrupted(): AppError {
  return new AppError('offline', 'The organization download was interrupted; it resumes when the connection is back');
}

function parseLine(line: string): SnapshotLine {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new AppError('internal', 'The server sent a damaged snapshot line');
  }
  const parsed = snapshotLineSchema.safeParse(json);
  if (!parsed.success) throw new AppError('internal', 'The server sent a snapshot line this app does not understand');
  return parsed.data;
}

function storePage(
  ctx: SyncContext,
  orgId: string,
  entity: SyncEntity,
  rows: readonly unknown[],
  progress: number,
): void {
  for (let i = 0; i < rows.length; i += chunkSize) {
    const chunk = rows.slice(i, i + chunkSize);
    const last = i + chunkSize >= rows.length;
    inTransaction(ctx.db, () => {
      upsertRows(ctx.db, orgId, entity, chunk);
      if (last) setBootstrapProgress(ctx.db, orgId, progress);
    });
  }
}

/** Share downloaded; without a length, creeps toward (never reaches) 1 page by page. */
function estimate(bytes: number, total: number | null, pages: number): number {
  const share = total ? bytes / total : 1 - 1 / (1 + pages / 4);
  return Math.min(0.99, Math.max(0, share));
}
