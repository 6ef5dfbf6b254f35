import type { AlertEvent, AlertRule, CreditAccount, UsageDay } from '@shared/schemas/usage';
import { cachedStatement } from './connection';
import type { LocalDb } from './connection';
import { parseEntity } from './entities';

// Reads of the credits entities as the user sees them (a pending local change over the server's row).

type StoredRow = { data: string | null; local: string | null };
const current = (r: StoredRow): unknown => JSON.parse(r.local ?? r.data ?? 'null');

export function getCreditAccount(db: LocalDb, orgId: string): CreditAccount | null {
  const row = cachedStatement(db, 'SELECT data, local FROM credit_accounts WHERE org_id = ? LIMIT 1').get(orgId) as
    StoredRow | undefined;
  return row ? parseEntity('creditAccount', current(row)) : null;
}

/** The credit accounts of every org on this device (the tray lists them all). */
export function listCreditAccounts(db: LocalDb): CreditAccount[] {
  const rows = cachedStatement(db, 'SELECT data, local FROM credit_accounts').all() as StoredRow[];
  return rows.map((r) => parseEntity('creditAccount', current(r)));
}

/** Usage rollups of the days from..to (inclusive, `YYYY-MM-DD`). */
export function usageDaysBetween(db: LocalDb, orgId: string, from: string, to: string): UsageDay[] {
  const sql = 'SELECT data, local FROM usage_days WHERE org_id = ? AND day BETWEEN ? AND ? ORDER BY day';
  const rows = cachedStatement(db, sql).all(orgId, from, to) as StoredRow[];
  return rows.map((r) => parseEntity('usageDay', current(r)));
}

export function listAlertRules(db: LocalDb, orgId: string): AlertRule[] {
  const rows = cachedStatement(db, 'SELECT data, local FROM alert_rules WHERE org_id = ?').all(orgId) as StoredRow[];
  return rows.map((r) => parseEntity('alertRule', current(r)));
}

/** Rules of every org on this device, for the tray's warning state. */
export function listAllAlertRules(db: LocalDb): AlertRule[] {
  const rows = cachedStatement(db, 'SELECT data, local FROM alert_rules').all() as StoredRow[];
  return rows.map((r) => parseEntity('alertRule', current(r)));
}

export type NoticedAlertEvent = AlertEvent & { notifiedAt: string | null };

/** The org's alert events newest first, with when this device notified about each (null: never). */
export function listAlertEvents(db: LocalDb, orgId: string, limit: number): NoticedAlertEvent[] {
  const sql = `SELECT e.data, e.local, n.notified_at AS notifiedAt FROM alert_events e
    LEFT JOIN alert_notices n ON n.org_id = e.org_id AND n.event_id = e.id
    WHERE e.org_id = ? ORDER BY e.at DESC, e.id DESC LIMIT ?`;
  const rows = cachedStatement(db, sql).all(orgId, limit) as (StoredRow & { notifiedAt: string | null })[];
  return rows.map((r) => ({ ...parseEntity('alertEvent', current(r)), notifiedAt: r.notifiedAt }));
}
