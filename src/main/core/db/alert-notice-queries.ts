import type { AlertEvent } from '@shared/schemas/usage';
import { cachedStatement } from './connection';
import type { LocalDb } from './connection';
import { parseEntity } from './entities';

// What this device has told its person about alert events, and since when it watches each org.

/** Whether the org is watched: it had a complete copy here, so new events are news. */
export function isWatched(db: LocalDb, orgId: string): boolean {
  return cachedStatement(db, 'SELECT 1 FROM alert_watch WHERE org_id = ?').get(orgId) !== undefined;
}

/**
 * Starts watching the org: the events it holds now predate this device's copy and are recorded as
 * seen without a notification (a fresh sign-in does not replay an org's old alerts).
 */
export function startWatching(db: LocalDb, orgId: string, since: string): void {
  cachedStatement(db, 'INSERT OR IGNORE INTO alert_watch (org_id, since) VALUES (?, ?)').run(orgId, since);
  cachedStatement(
    db,
    `INSERT OR IGNORE INTO alert_notices (org_id, event_id, notified_at)
     SELECT org_id, id, NULL FROM alert_events WHERE org_id = ?`,
  ).run(orgId);
}

/** The org's events this device has not yet dealt with, newest first. */
export function unnoticedAlertEvents(db: LocalDb, orgId: string): AlertEvent[] {
  const sql = `SELECT e.data, e.local FROM alert_events e
    WHERE e.org_id = ? AND NOT EXISTS
      (SELECT 1 FROM alert_notices n WHERE n.org_id = e.org_id AND n.event_id = e.id)
    ORDER BY e.at DESC, e.id DESC`;
  const rows = cachedStatement(db, sql).all(orgId) as { data: string | null; local: string | null }[];
  return rows.map((r) => parseEntity('alertEvent', JSON.parse(r.local ?? r.data ?? 'null')));
}

/** Records events as dealt with: notified at that time, or seen silently (null). */
export function recordAlertNotices(db: LocalDb, orgId: string, eventIds: readonly string[], at: string | null): void {
  const insert = cachedStatement(
    db,
    'INSERT OR IGNORE INTO alert_notices (org_id, event_id, notified_at) VALUES (?, ?, ?)',
  );
  for (const id of eventIds) insert.run(orgId, id, at);
}

/** Forgets the org's notices (the person left it, or it was deleted). */
export function forgetAlertNotices(db: LocalDb, orgId: string): void {
  cachedStatement(db, 'DELETE FROM alert_notices WHERE org_id = ?').run(orgId);
  cachedStatement(db, 'DELETE FROM alert_watch WHERE org_id = ?').run(orgId);
}
