/** A credit period: [start, end). */
export type Period = { start: Date; end: Date };

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/**
 * The instant `months` months after the anchor, on the anchor's day of the month (the month's last
 * day when it has fewer: an org created on 31 January renews on 28 or 29 February, then 31 March).
 */
export function addMonths(anchor: Date, months: number): Date {
  const total = anchor.getUTCMonth() + months;
  const year = anchor.getUTCFullYear() + Math.floor(total / 12);
  const month = ((total % 12) + 12) % 12;
  const day = Math.min(anchor.getUTCDate(), daysInMonth(year, month));
  return new Date(
    Date.UTC(
      year,
      month,
      day,
      anchor.getUTCHours(),
      anchor.getUTCMinutes(),
      anchor.getUTCSeconds(),
      anchor.getUTCMilliseconds(),
    ),
  );
}

/**
 * The monthly credit period containing `now`, counted from the anchor (the org's creation). An
 * instant before the anchor (a clock set back) belongs to the first period.
 */
export function periodAt(anchor: Date, now: Date): Period {
  let months = (now.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + (now.getUTCMonth() - anchor.getUTCMonth());
  if (addMonths(anchor, months) > now) months -= 1;
  months = Math.max(months, 0);
  return { start: addMonths(anchor, months), end: addMonths(anchor, months + 1) };
}

/** The UTC calendar day of an instant, `YYYY-MM-DD`. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Every UTC day from `from` to `to` inclusive, in order. */
export function daysBetween(from: Date, to: Date): string[] {
  const days: string[] = [];
  const last = utcDay(to);
  for (let at = new Date(`${utcDay(from)}T00:00:00Z`); utcDay(at) <= last; at = new Date(at.getTime() + 86_400_000)) {
    days.push(utcDay(at));
  }
  return days;
}
