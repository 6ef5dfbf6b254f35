import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Statement } from 'better-sqlite3';
import type { MyMembership } from '@shared/schemas/org';
import { inTransaction, openDbFile } from '../../src/main/core/db/connection';
import type { LocalDb } from '../../src/main/core/db/connection';
import { entityTables } from '../../src/main/core/db/entities';
import { upsertMembership } from '../../src/main/core/db/mutations';
import { getMeta, getOrgSync } from '../../src/main/core/db/queries';
import { bootstrapOrg } from '../../src/main/core/sync/bootstrap';
import type { SyncContext } from '../../src/main/core/sync/context';
import { createServerClient } from '../../src/main/core/sync/http-client';
import { since } from './stats';

/** A local database on its own temp folder; `dispose` closes and deletes it. */
export type TempDb = { db: LocalDb; dispose(): Promise<void> };

/** Rows per transaction of the raw reference: the core's bootstrap chunk size (`chunkSize` in bootstrap.ts). */
export const rawChunk = 2000;

export function openTempDb(label: string): TempDb {
  const dir = mkdtempSync(join(tmpdir(), `botdesk-bench-${label}-`));
  const db = openDbFile(join(dir, 'botdesk.sqlite'));
  return {
    db,
    async dispose() {
      db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Each synced entity's table as the core defines it: key columns, then `data`, then the indexed columns. */
function tableShapes(): { table: string; keyWhere: string; columns: string[] }[] {
  return Object.values(entityTables).map((t) => ({
    table: t.table,
    keyWhere: t.orgScoped ? 'org_id = ?' : 'id = ?',
    columns: [...(t.orgScoped ? ['org_id', 'id'] : ['id']), 'data', ...t.columns],
  }));
}

/** Rows of one org in a local database, over every synced entity's table. */
export function countOrgRows(db: LocalDb, orgId: string): number {
  let total = 0;
  for (const t of tableShapes()) {
    total += (db.sqlite.prepare(`SELECT count(*) AS n FROM ${t.table} WHERE ${t.keyWhere}`).get(orgId) as { n: number })
      .n;
  }
  return total;
}

/**
 * One end-to-end bootstrap through the core's own code: the snapshot request, the NDJSON stream
 * read line by line, each page validated and upserted, the org marked ready. The database starts
 * as a desktop's does after sign-in: the membership recorded, the org `bootstrapping`.
 */
export async function runBootstrap(
  serverUrl: string,
  token: string,
  membership: MyMembership,
): Promise<{ ms: number; rows: number; temp: TempDb }> {
  const temp = openTempDb('bootstrap');
  const { db } = temp;
  const orgId = membership.org.id;
  upsertMembership(db, membership);
  const client = createServerClient({ baseUrl: serverUrl, fetch: globalThis.fetch.bind(globalThis), token });
  const ctx: SyncContext = { db, client, clientId: getMeta(db).clientId, emit: () => {} };
  const started = performance.now();
  await bootstrapOrg(ctx, orgId);
  const ms = since(started);
  if (getOrgSync(db, orgId)?.state !== 'ready') throw new Error('the bootstrap did not leave the org ready');
  return { ms, rows: countOrgRows(db, orgId), temp };
}

type Row = (string | number | null)[];
/** An org's stored rows per table, exactly as a bootstrap left them (in id order), ready to insert again. */
export type OrgRows = { orgId: string; tables: { insert: string; rows: Row[] }[] };

export function readOrgRows(db: LocalDb, orgId: string): OrgRows {
  return {
    orgId,
    tables: tableShapes().map((t) => ({
      insert: `INSERT INTO ${t.table} (${t.columns.join(', ')}) VALUES (${t.columns.map(() => '?').join(', ')})`,
      rows: db.sqlite
        .prepare(`SELECT ${t.columns.join(', ')} FROM ${t.table} WHERE ${t.keyWhere} ORDER BY id`)
        .raw()
        .all(orgId) as Row[],
    })),
  };
}

/**
 * The reference: the same rows inserted into the same schema (same pragmas, indexes) with
 * prepared better-sqlite3 statements in transactions of `chunk` rows, values already at hand.
 */
export async function runRawInsert(rows: OrgRows, chunk = rawChunk): Promise<{ ms: number; rows: number }> {
  const temp = openTempDb('raw');
  try {
    const work: { stmt: Statement<Row>; row: Row }[] = [];
    for (const table of rows.tables) {
      const stmt = temp.db.sqlite.prepare<Row>(table.insert);
      for (const row of table.rows) work.push({ stmt, row });
    }
    const started = performance.now();
    for (let i = 0; i < work.length; i += chunk) {
      const part = work.slice(i, i + chunk);
      inTransaction(temp.db, () => {
        for (const { stmt, row } of part) stmt.run(...row);
      });
    }
    const ms = since(started);
    return { ms, rows: countOrgRows(temp.db, rows.orgId) };
  } finally {
    await temp.dispose();
  }
}
