import { assertNever } from './errors';
import type { TriggerKind } from './schemas/automation';

// Schedules in words for the UI ("every weekday at 09:00 Europe/Berlin"). Pure: the renderer and the
// server share it. Only common shapes are put into words; anything else is shown as its cron text.

const dayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const dayAliases: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
/** Above this many times of day the words stop being shorter than the cron. */
const maxTimesOfDay = 4;

/** A field's single number within [min, max], or null. */
function single(field: string, min: number, max: number): number | null {
  if (!/^\d{1,2}$/.test(field)) return null;
  const n = Number(field);
  return n >= min && n <= max ? n : null;
}

/** `*\/N` as N (within [1, max]), or null. */
function step(field: string, max: number): number | null {
  const match = /^\*\/(\d{1,2})$/.exec(field);
  const n = match ? Number(match[1]) : NaN;
  return n >= 1 && n <= max ? n : null;
}

/** A comma list of numbers and ranges (no steps) as sorted distinct values, or null. */
function values(field: string, min: number, max: number, alias: (part: string) => number | null): number[] | null {
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const [from, to, ...rest] = part.split('-');
    const a = from === undefined ? null : alias(from);
    const b = to === undefined ? a : alias(to);
    if (rest.length > 0 || a === null || b === null || a > b || a < min || b > max) return null;
    for (let n = a; n <= b; n++) out.add(n);
  }
  return [...out].sort((x, y) => x - y);
}

const number = (part: string) => (/^\d{1,2}$/.test(part) ? Number(part) : null);
const day = (part: string) => dayAliases[part.toLowerCase()] ?? number(part);

/** The days of the week a field names (0 = Sunday; 7 counts as Sunday too), or null. */
function weekdays(field: string): number[] | null {
  const days = values(field, 0, 7, day);
  return days && [...new Set(days.map((d) => d % 7))].sort((x, y) => x - y);
}

const pad = (n: number) => String(n).padStart(2, '0');

function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/** "every minute", "every 15 minutes", "every hour", "every 2 hours at :30", or null. */
function intervalInWords(minute: string, hour: string): string | null {
  const everyMinutes = minute === '*' ? 1 : step(minute, 59);
  if (everyMinutes !== null && hour === '*') {
    return everyMinutes === 1 ? 'every minute' : `every ${everyMinutes} minutes`;
  }
  const atMinute = single(minute, 0, 59);
  const everyHours = hour === '*' ? 1 : step(hour, 23);
  if (atMinute === null || everyHours === null) return null;
  const every = everyHours === 1 ? 'every hour' : `every ${everyHours} hours`;
  return atMinute === 0 ? every : `${every} at :${pad(atMinute)}`;
}

/** "every day", "every weekday", "every Monday and Thursday", "on the 1st of every month", or null. */
function daysInWords(dayOfMonth: string, dayOfWeek: string): string | null {
  if (dayOfMonth !== '*') {
    const date = single(dayOfMonth, 1, 31);
    return date !== null && dayOfWeek === '*' ? `on the ${ordinal(date)} of every month` : null;
  }
  if (dayOfWeek === '*') return 'every day';
  const days = weekdays(dayOfWeek);
  if (!days) return null;
  if (days.length === 7) return 'every day';
  if (days.join() === '1,2,3,4,5') return 'every weekday';
  // Listed from Monday, as people say a week.
  const mondayFirst = [...days.filter((d) => d !== 0), ...days.filter((d) => d === 0)];
  return `every ${listInWords(mondayFirst.map((d) => dayNames[d] ?? String(d)))}`;
}

/**
 * A five-field cron with its IANA time zone in words for people: "every weekday at 09:00
 * Europe/Berlin", "every day at 06:30 UTC", "every 15 minutes", "every Monday at 08:00 UTC",
 * "on the 1st of every month at 07:00 UTC". Anything more complex (steps in days, both a day of
 * month and a day of week, months) answers the cron text itself, with the zone in parentheses.
 */
export function describeSchedule(cron: string, timeZone: string | null): string {
  const text = cron.trim().split(/\s+/).join(' ');
  const fallback = timeZone ? `${text} (${timeZone})` : text;
  const [minute = '', hour = '', dayOfMonth = '', month = '', dayOfWeek = '', ...extra] = text.split(' ');
  if (extra.length > 0 || month !== '*' || !dayOfWeek) return fallback;
  if (dayOfMonth === '*' && dayOfWeek === '*') {
    const interval = intervalInWords(minute, hour);
    if (interval) return interval;
  }
  const minutes = values(minute, 0, 59, number);
  const hours = values(hour, 0, 23, number);
  const days = daysInWords(dayOfMonth, dayOfWeek);
  if (!minutes || !hours || !days || minutes.length * hours.length > maxTimesOfDay) return fallback;
  const times = hours.flatMap((h) => minutes.map((m) => `${pad(h)}:${pad(m)}`));
  return `${days} at ${listInWords(times)}${timeZone ? ` ${timeZone}` : ''}`;
}

/** How a trigger fires, in words: its schedule, "on a webhook call", or "manually". */
export function describeTrigger(trigger: { kind: TriggerKind; cron: string | null; timeZone: string | null }): string {
  switch (trigger.kind) {
    case 'schedule':
      return trigger.cron ? describeSchedule(trigger.cron, trigger.timeZone) : 'on a schedule';
    case 'webhook':
      return 'on a webhook call';
    case 'manual':
      return 'manually';
    default:
      return assertNever(trigger.kind);
  }
}
