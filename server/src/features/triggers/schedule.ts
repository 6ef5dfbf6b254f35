import { Cron } from 'croner';
import { AppError } from '@shared/errors';

// Schedule rules as pure functions: validating a cron with its time zone, the next slot, and what
// the scheduler does with a slot that came due (the missed-slot policy).

/** A schedule trigger's timing: a five-field cron read in an IANA time zone. */
export type Schedule = { cron: string; timeZone: string };

/**
 * How late a slot may still fire. When the server was down across one or more slots, the most
 * recent missed slot fires once if it is at most this old; older slots are skipped.
 */
export const missedSlotGraceMs = 60 * 60 * 1000;

/**
 * The zone as the runtime spells it (`europe/berlin` → `Europe/Berlin`), or null when the runtime
 * does not know it. Aliases keep the name given (`US/Eastern` stays, it is not renamed to another city).
 */
export function canonicalTimeZone(timeZone: string): string | null {
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
    return resolved.toLowerCase() === timeZone.toLowerCase() ? resolved : timeZone;
  } catch {
    return null;
  }
}

function cronOf(schedule: Schedule): Cron {
  return new Cron(schedule.cron, { paused: true, mode: '5-part', timezone: schedule.timeZone });
}

/** Why croner refused a pattern, without its class prefix. */
function reasonOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/^Cron\w*:\s*/, '');
}

/**
 * Checks a schedule and answers it normalized (single spaces); throws validation_failed with a
 * sentence a person can act on for an unknown zone, a malformed cron or one that never fires.
 */
export function validateSchedule(input: Schedule, now: Date): Schedule {
  const cron = input.cron.trim().split(/\s+/).join(' ');
  const timeZone = canonicalTimeZone(input.timeZone.trim());
  if (!timeZone) {
    throw new AppError(
      'validation_failed',
      `Unknown time zone "${input.timeZone.trim()}"; use an IANA name such as Europe/Berlin`,
    );
  }
  if (cron.split(' ').length !== 5) {
    throw new AppError(
      'validation_failed',
      `The schedule "${cron}" needs five fields: minute hour day-of-month month day-of-week`,
    );
  }
  let next: Date | null;
  try {
    next = cronOf({ cron, timeZone }).nextRun(now);
  } catch (error) {
    throw new AppError('validation_failed', `The schedule "${cron}" is not a valid cron: ${reasonOf(error)}`);
  }
  if (!next) throw new AppError('validation_failed', `The schedule "${cron}" never fires`);
  return { cron, timeZone };
}

/** The first slot strictly after `after`; null when the schedule has no further slot. */
export function nextFireTime(schedule: Schedule, after: Date): Date | null {
  return cronOf(schedule).nextRun(after);
}

/** The latest slot at or before `at`; null when there is none. */
export function latestSlotAtOrBefore(schedule: Schedule, at: Date): Date | null {
  // previousRuns is strict; slots fall on whole minutes, so one second later includes `at` itself.
  return cronOf(schedule).previousRuns(1, new Date(at.getTime() + 1000))[0] ?? null;
}

/** What the scheduler does with a due trigger: fire one slot (or none), and when to look again. */
export type FirePlan = {
  /** The slot to fire now; null when every due slot is older than the grace period. */
  slot: Date | null;
  /** How many due slots are skipped (missed while no server ran, beyond the one that fires). */
  skipped: number;
  /** The next future slot. */
  nextFireAt: Date | null;
};

/**
 * The missed-slot policy. A trigger is due when `dueAt` (its stored next fire time) has passed. Of
 * all slots from `dueAt` to `now`, only the most recent fires, and only if it is at most
 * `missedSlotGraceMs` old; the others are skipped. The next fire time is the first slot after now.
 */
export function planFire(schedule: Schedule, dueAt: Date, now: Date): FirePlan {
  const nextFireAt = nextFireTime(schedule, now);
  const latest = latestSlotAtOrBefore(schedule, now);
  if (!latest || latest.getTime() < dueAt.getTime()) return { slot: null, skipped: 0, nextFireAt };
  const missed = countSlots(schedule, dueAt, latest);
  const fresh = now.getTime() - latest.getTime() <= missedSlotGraceMs;
  return { slot: fresh ? latest : null, skipped: fresh ? missed - 1 : missed, nextFireAt };
}

/** Slots in [from, to], counted up to a cap (a long outage of a per-minute schedule is just "many"). */
function countSlots(schedule: Schedule, from: Date, to: Date, cap = 10_000): number {
  const cron = cronOf(schedule);
  let n = 0;
  for (let at = cron.nextRun(new Date(from.getTime() - 1000)); at && at <= to && n < cap; at = cron.nextRun(at)) n++;
  return n;
}
