import { PassThrough } from 'node:stream';
import type { Readable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import { AppError } from '@shared/errors';
import { PROTOCOL_VERSION, syncEntities } from '@shared/schemas/sync';
import type { SnapshotLine } from '@shared/schemas/sync';
import type { Database } from '../../db/client';
import { organizations } from '../../db/schema';
import { switchOrg } from '../../db/tx';
import type { Tx, TxContext } from '../../db/tx';
import { requireMember } from '../orgs/membership';
import { loadMemberViewsJson, loadSyncViews } from '../orgs/sync-views';
import type { JsonPage } from '../orgs/sync-views';
import { readableEntities } from './read-filter';

export const snapshotPageSize = 2000;
// More than a page of member rows (~750 KB): the next page is read while earlier ones are still on
// the wire, instead of waiting for the reader to drain each one.
const streamBufferBytes = 1024 * 1024;

/**
 * Opens an org's snapshot as NDJSON lines (header with V0, pages of rows per readable entity, end with
 * the row count), read in one REPEATABLE READ transaction so every row is as of V0. Resolves once
 * membership is checked (rejects with not_found otherwise); pages are then read only as fast as the
 * stream is consumed, and the transaction ends when the stream does.
 */
export async function openSnapshot(
  database: Database,
  userId: string,
  orgId: string,
  pageSize = snapshotPageSize,
): Promise<Readable> {
  const stream = new PassThrough({ highWaterMark: streamBufferBytes });
  let isOpen = false;
  let markOpened = () => {};
  const opened = new Promise<void>((resolve) => {
    markOpened = () => {
      isOpen = true;
      resolve();
    };
  });
  const done = withSnapshotTx(database, userId, orgId, async (c) => {
    const grant = await requireMember(c, orgId);
    const [org] = await c.tx
      .select({ version: organizations.version })
      .from(organizations)
      .where(eq(organizations.id, orgId));
    if (!org) throw new AppError('not_found', 'Organization not found');
    markOpened();
    await writeLine(stream, { type: 'header', orgId, version: org.version, protocol: PROTOCOL_VERSION });
    let rowCount = 0;
    for (const entity of readableEntities(grant, syncEntities)) {
      rowCount += await writeEntity(c, stream, entity, pageSize);
    }
    await writeLine(stream, { type: 'end', rowCount });
  });
  // A failure after the header cuts the stream short: without its `end` line the desktop discards it.
  // One before it (not a member) reaches the caller through the race below; the stream is unused then.
  void done.then(
    () => stream.end(),
    (error: unknown) => stream.destroy(isOpen && error instanceof Error ? error : undefined),
  );
  await Promise.race([opened, done]);
  return stream;
}

async function writeEntity(
  c: TxContext,
  stream: PassThrough,
  entity: (typeof syncEntities)[number],
  pageSize: number,
): Promise<number> {
  const load = pageLoader(c, c.orgId ?? '', entity, pageSize);
  // The line as JSON.stringify would write `{ type: 'rows', entity, rows }`, around the page's text.
  const prefix = `{"type":"rows","entity":${JSON.stringify(entity)},"rows":`;
  let count = 0;
  let page = await load(null);
  while (page.count > 0) {
    // Read the next page while this one waits for the reader.
    const next = page.count === pageSize ? load(page.lastId) : Promise.resolve(emptyPage);
    try {
      await writeText(stream, `${prefix}${page.json}}\n`);
    } catch (error) {
      await next.catch(() => undefined);
      throw error;
    }
    count += page.count;
    page = await next;
  }
  return count;
}

const emptyPage: JsonPage = { json: '[]', count: 0, lastId: null };

/** Pages of an entity's sync views as JSON text; members (the bulk of a large org) come serialized by the database. */
function pageLoader(
  c: TxContext,
  orgId: string,
  entity: (typeof syncEntities)[number],
  pageSize: number,
): (afterId: string | null) => Promise<JsonPage> {
  if (entity === 'member') return (afterId) => loadMemberViewsJson(c, orgId, afterId, pageSize);
  return async (afterId) => {
    const rows: { id: string }[] = await loadSyncViews(c, orgId, entity, afterId, pageSize);
    return { json: JSON.stringify(rows), count: rows.length, lastId: rows.at(-1)?.id ?? null };
  };
}

function writeLine(stream: PassThrough, line: SnapshotLine): Promise<void> {
  return writeText(stream, `${JSON.stringify(line)}\n`);
}

/** Writes one line, waiting while the reader is behind; throws once the reader has gone. */
async function writeText(stream: PassThrough, text: string): Promise<void> {
  const gone = () => new AppError('internal', 'The snapshot reader disconnected');
  if (stream.destroyed) throw gone();
  if (stream.write(text)) return;
  await new Promise<void>((resolve, reject) => {
    const settle = (ok: boolean) => {
      stream.off('drain', onDrain);
      stream.off('close', onClose);
      if (ok) resolve();
      else reject(gone());
    };
    const onDrain = () => settle(true);
    const onClose = () => settle(false);
    stream.on('drain', onDrain);
    stream.on('close', onClose);
  });
}

/**
 * A read-only REPEATABLE READ transaction with the same security scope as withTx (the isolation level
 * must be set before the first query, which withTx has already run).
 */
async function withSnapshotTx<T>(
  database: Database,
  userId: string,
  orgId: string,
  fn: (c: TxContext) => Promise<T>,
): Promise<T> {
  return database.db.transaction(
    async (tx: Tx) => {
      await tx.execute(sql`SET LOCAL ROLE botdesk_app`);
      const c = await switchOrg({ tx, userId, orgId: null, afterCommit: () => {} }, orgId);
      return fn(c);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
