import type { AlertEvent, AlertRule } from '@shared/schemas/usage';
import { isWatched, recordAlertNotices, startWatching, unnoticedAlertEvents } from '../db/alert-notice-queries';
import { inTransaction } from '../db/connection';
import type { LocalDb } from '../db/connection';
import { listOrgSync } from '../db/queries';
import { listAlertRules } from '../db/usage-queries';
import type { PrefsStore } from '../ports';
import { isMuted } from './usage';

/** Notifications for alerts that piled up (offline, asleep) beyond these are summed up in one. */
export const MAX_ALERT_NOTIFICATIONS = 3;

export type AlertNotification = { title: string; body: string; route: string };

type Pending = { orgId: string; orgName: string; event: AlertEvent };

/**
 * The notifications due now for alert events this device has not dealt with, newest first, and
 * records every such event as dealt with, so each is told once, also across restarts. Events of an
 * org seen for the first time here, of muted orgs, while notifications are paused, or of rules that
 * do not go to this person's desktop are recorded without a notification.
 */
export function takeAlertNotifications(db: LocalDb, prefs: PrefsStore, now = new Date()): AlertNotification[] {
  const at = now.toISOString();
  const paused = prefs.get('notificationsPaused');
  return inTransaction(db, () => {
    const due: Pending[] = [];
    for (const org of listOrgSync(db)) {
      if (org.state !== 'ready') continue;
      if (!isWatched(db, org.orgId)) {
        startWatching(db, org.orgId, at);
        continue;
      }
      const events = unnoticedAlertEvents(db, org.orgId);
      if (events.length === 0) continue;
      const rules = new Map(listAlertRules(db, org.orgId).map((r) => [r.id, r]));
      const forMe = (e: AlertEvent) => goesToMyDesktop(rules.get(e.ruleId), org.membership.memberId);
      const told = paused || isMuted(prefs, org.orgId) ? [] : events.filter(forMe);
      const silent = events.filter((e) => !told.includes(e));
      recordAlertNotices(
        db,
        org.orgId,
        silent.map((e) => e.id),
        null,
      );
      recordAlertNotices(
        db,
        org.orgId,
        told.map((e) => e.id),
        at,
      );
      due.push(...told.map((event) => ({ orgId: org.orgId, orgName: org.membership.org.name, event })));
    }
    return notificationsFor(due);
  });
}

/** A rule deleted since it fired still told its recipients; this device only knows it was for the org. */
function goesToMyDesktop(rule: AlertRule | undefined, memberId: string): boolean {
  if (!rule) return true;
  if (!rule.channels.includes('desktop')) return false;
  return rule.recipientMemberIds.length === 0 || rule.recipientMemberIds.includes(memberId);
}

function notificationsFor(due: Pending[]): AlertNotification[] {
  const newestFirst = due.sort((a, b) => b.event.at.localeCompare(a.event.at));
  const shown = newestFirst.slice(0, MAX_ALERT_NOTIFICATIONS).map((p) => ({
    title: `Credits running low in ${p.orgName}`,
    body: p.event.message,
    route: `/orgs/${p.orgId}/usage`,
  }));
  const rest = newestFirst.slice(MAX_ALERT_NOTIFICATIONS);
  if (rest.length === 0) return shown;
  const orgs = new Set(rest.map((p) => p.orgId));
  const first = rest[0] as Pending;
  return [
    ...shown,
    {
      title: `${rest.length} more credit alert${rest.length === 1 ? '' : 's'}`,
      body:
        orgs.size === 1
          ? `Older alerts of ${first.orgName} arrived while Botdesk was away.`
          : `Older alerts of ${orgs.size} organizations arrived while Botdesk was away.`,
      route: `/orgs/${first.orgId}/usage`,
    },
  ];
}
