import type { TriggerKind } from '@shared/schemas/automation';

export const triggerKindLabels = {
  schedule: 'Schedule',
  webhook: 'Webhook',
  manual: 'Manual',
} as const satisfies Record<TriggerKind, string>;

const units = [
  { unit: 'day', ms: 86_400_000 },
  { unit: 'hour', ms: 3_600_000 },
  { unit: 'minute', ms: 60_000 },
] as const;
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
export const fireTimeFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "in 5 minutes", "in 3 hours", "tomorrow", "5 minutes ago": either side of `now`. */
export function fromNow(iso: string, now: number): string {
  const delta = Date.parse(iso) - now;
  const size = Math.abs(delta);
  if (size < 45_000) return delta >= 0 ? 'in less than a minute' : 'just now';
  for (const { unit, ms } of units) {
    if (size >= ms) return relative.format(Math.trunc(delta / ms), unit);
  }
  return relative.format(delta >= 0 ? 1 : -1, 'minute');
}

/** The browser's time zone (the default for a new schedule). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Every IANA zone the browser knows, the browser's own first; UTC always present. */
export function timeZoneOptions(): string[] {
  const own = browserTimeZone();
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([own, 'UTC', ...known])];
}
