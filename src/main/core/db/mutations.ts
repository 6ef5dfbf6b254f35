import { and, eq, lte } from 'drizzle-orm';
import type { MyMembership } from '@shared/schemas/org';
import type { Change, SyncEntity } from '@shared/schemas/sync';
import type { User } from '@shared/schemas/user';
import { forgetAlertNotices } from './alert-notice-queries';
import { cachedStatement } from './connection';
import type { LocalDb } from './connection';
import { indexedValues, keyOf, parseEntity, statements } from './entities';
import { removeOrgRuns, storeRunPage } from './run-bucket-batch';
import type { EntityRow } from './entities';
import { meta, orgSync, outbox } from './schema';

export function setAccount(db: LocalDb, user: User, serverUrl: string): void {
  db.orm
    .update(meta)
    .set({ user: JSON.stringify(user), serverUrl })
    .where(eq(meta.id, 1))
    .run();
}

/** Reserves the next mutation id; ids only grow, even after the outbox empties. */
export function takeMutationId(db: LocalDb): number {
  const row = cachedStatement(
    db,
    'UPDATE meta SET next_mutation_id = next_mutation_id + 1 WHERE id = 1 RETURNING next_mutation_id - 1 AS id',
  ).get() as { id: number };
  return row.id;
}

export function insertOutbox(db: LocalDb, m: { id: number; orgId: string; name: string; args: unknown }): void {
  cachedStatement(db, 'INSERT INTO outbox (id, org_id, name, args, created_at, pushed) VALUES (?, ?, ?, ?, ?, 0)').run(
    m.id,
    m.orgId,
    m.name,
    JSON.stringify(m.args),
    new Date().toISOString(),
  );
}

export function markPushed(db: LocalDb, id: number): void {
  db.orm.update(outbox).set({ pushed: 1 }).where(eq(outbox.id, id)).run();
}

export function deleteOutbox(db: LocalDb, id: number): void {
  db.orm.delete(outbox).where(eq(outbox.id, id)).run();
}

/** Drops mutations the server reports as consumed for this org (their effect is in the pulled rows). */
export function deleteConsumed(db: LocalDb, orgId: string, lastMutationId: number): void {
  db.orm
    .delete(outbox)
    .where(and(eq(outbox.orgId, orgId), lte(outbox.id, lastMutationId)))
    .run();
}

/** Records an org the user belongs to; a new one starts `bootstrapping` and is hidden as incomplete. */
export function upsertMembership(db: LocalDb, membership: MyMembership): void {
  const json = JSON.stringify(membership);
  db.orm
    .insert(orgSync)
    .values({ orgId: membership.org.id, cursor: 0, state: 'bootstrapping', progress: 0, membership: json })
    .onConflictDoUpdate({ target: orgSync.orgId, set: { membership: json } })
    .run();
}

export function startBootstrap(db: LocalDb, orgId: string, version: number): void {
  db.orm
    .update(orgSync)
    .set({ state: 'bootstrapping', progress: 0, bootstrapVersion: version })
    .where(eq(orgSync.orgId, orgId))
    .run();
}

export function setBootstrapProgress(db: LocalDb, orgId: string, progress: number): void {
  db.orm.update(orgSync).set({ progress }).where(eq(orgSync.orgId, orgId)).run();
}

/** The snapshot is complete: from now on the org is shown and pulled from the snapshot's version. */
export function finishBootstrap(db: LocalDb, orgId: string, version: number): void {
  db.orm
    .update(orgSync)
    .set({ state: 'ready', progress: 1, cursor: version, bootstrapVersion: null })
    .where(eq(orgSync.orgId, orgId))
    .run();
}

/** Asks for a fresh snapshot (reset from the server): the org shows as incomplete until it is done. */
export function requireBootstrap(db: LocalDb, orgId: string): void {
  db.orm.update(orgSync).set({ state: 'bootstrapping', progress: 0 }).where(eq(orgSync.orgId, orgId)).run();
}

export function setCursor(db: LocalDb, orgId: string, cursor: number): void {
  db.orm.update(orgSync).set({ cursor }).where(eq(orgSync.orgId, orgId)).run();
}

/** A validated server row as its table's column values, ready to bind (see `rowValues`). */
export type RowValues = (string | number | null)[];

/** Validates server rows against their sync view and lays them out as column values (no SQL yet). */
export function rowValues(orgId: string, entity: SyncEntity, rows: readonly unknown[]): RowValues[] {
  return rows.map((raw) => {
    const row = parseEntity(entity, raw);
    return [...keyOf(entity, orgId, row.id), JSON.stringify(row), ...indexedValues(entity, row)];
  });
}

/** Upserts rows laid out by `rowValues` with the entity's prepared statement. */
export function upsertRowValues(db: LocalDb, entity: SyncEntity, values: readonly RowValues[]): void {
  const stmt = statements(db)[entity].upsert;
  const store = () => {
    for (const v of values) stmt.run(...v);
  };
  if (entity === 'run') storeRunPage(db, values.length, store);
  else store();
}

/** Upserts confirmed server rows with prepared statements (pulls; bootstraps validate pages as they arrive). */
export function upsertRows(db: LocalDb, orgId: string, entity: SyncEntity, rows: readonly unknown[]): void {
  upsertRowValues(db, entity, rowValues(orgId, entity, rows));
}

const isUpsert = (change: Change | undefined) => change !== undefined && change.op !== 'delete' && change.data !== null;

/**
 * Applies pulled changes to the confirmed rows (deletes are tombstones), in order. Consecutive
 * upserts of one entity are stored together: a page of runs counts its history buckets once.
 */
export function applyChanges(db: LocalDb, orgId: string, changes: readonly Change[]): void {
  let i = 0;
  while (i < changes.length) {
    const change = changes[i] as Change;
    if (!isUpsert(change)) {
      statements(db)[change.entity].remove.run(...keyOf(change.entity, orgId, change.entityId));
      i += 1;
      continue;
    }
    let end = i + 1;
    while (isUpsert(changes[end]) && changes[end]?.entity === change.entity) end += 1;
    upsertRows(
      db,
      orgId,
      change.entity,
      changes.slice(i, end).map((c) => c.data),
    );
    i = end;
  }
}

/** Writes a pending mutation's effect over the confirmed row. */
export function setOverlay<E extends SyncEntity>(db: LocalDb, entity: E, orgId: string, row: EntityRow[E]): void {
  statements(db)[entity].setLocal.run(
    ...keyOf(entity, orgId, row.id),
    JSON.stringify(row),
    ...indexedValues(entity, row),
  );
}

/** Reverts every pending effect of an org: overlays cleared, rows that exist only locally dropped. */
export function clearOverlays(db: LocalDb, orgId: string): void {
  for (const s of Object.values(statements(db))) {
    s.clearLocal.run(orgId);
    s.dropUnconfirmed.run(orgId);
  }
}

/** Deletes an org's rows (before a re-bootstrap); pending mutations stay queued. */
export function clearOrgRows(db: LocalDb, orgId: string): void {
  for (const [entity, s] of Object.entries(statements(db))) {
    if (entity === 'run') removeOrgRuns(db, orgId, () => s.purge.run(orgId));
    else s.purge.run(orgId);
  }
}

/** Forgets an org entirely: rows, pending mutations and sync state (removed from it, or it was deleted). */
export function purgeOrg(db: LocalDb, orgId: string): void {
  clearOrgRows(db, orgId);
  db.orm.delete(outbox).where(eq(outbox.orgId, orgId)).run();
  db.orm.delete(orgSync).where(eq(orgSync.orgId, orgId)).run();
  forgetAlertNotices(db, orgId);
}
