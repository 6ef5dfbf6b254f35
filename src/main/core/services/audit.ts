import type { AuditCursor, AuditFilters, AuditPage } from '@shared/ipc';
import type { AuditEvent } from '@shared/schemas/people';
import type { LocalDb } from '../db/connection';
import { listAuditActions, listAuditEvents } from '../db/queries';
import { csvField } from './csv';
import { requireReady } from './orgs';

/** Rows per query while exporting: the whole log never sits in one result set. */
const exportPage = 1000;

/** One page of an org's local audit log, newest first; `next` continues after its last event. */
export function auditPage(
  db: LocalDb,
  orgId: string,
  query: AuditFilters & { limit: number; before?: AuditCursor | undefined },
): AuditPage {
  requireReady(db, orgId);
  // One more than asked tells whether another page exists without a count query.
  const rows = listAuditEvents(db, orgId, { ...query, limit: query.limit + 1 });
  const events = rows.slice(0, query.limit);
  const last = events.at(-1);
  return { events, next: rows.length > query.limit && last ? { at: last.at, id: last.id } : null };
}

export function auditActions(db: LocalDb, orgId: string): string[] {
  requireReady(db, orgId);
  return listAuditActions(db, orgId);
}

const header = ['time', 'actor', 'actor_id', 'action', 'target_type', 'target_id', 'target', 'before', 'after'];

/** The filtered audit log as RFC 4180 CSV (every field quoted when it needs to be). */
export function auditCsv(db: LocalDb, orgId: string, filters: AuditFilters): { csv: string; count: number } {
  requireReady(db, orgId);
  const lines = [header.join(',')];
  let before: AuditCursor | undefined;
  let count = 0;
  for (;;) {
    const page = auditPage(db, orgId, { ...filters, limit: exportPage, before });
    for (const e of page.events) lines.push(csvRow(e));
    count += page.events.length;
    if (!page.next) break;
    before = page.next;
  }
  return { csv: `${lines.join('\r\n')}\r\n`, count };
}

function csvRow(e: AuditEvent): string {
  const json = (v: unknown) => (v === null ? '' : JSON.stringify(v));
  return [
    e.at,
    e.actorName,
    e.actorId ?? '',
    e.action,
    e.targetType,
    e.targetId,
    e.targetLabel,
    json(e.before),
    json(e.after),
  ]
    .map(csvField)
    .join(',');
}
