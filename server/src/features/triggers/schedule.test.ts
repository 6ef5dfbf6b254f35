import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { nextFireTime, planFire, validateSchedule } from './schedule';

const at = (iso: string) => new Date(iso);
const weekdaysBerlin = { cron: '0 9 * * 1-5', timeZone: 'Europe/Berlin' };

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('validation_failed');
    return (error as AppError).message;
  }
  throw new Error('expected a validation_failed refusal');
}

describe('validateSchedule', () => {
  const now = at('2031-03-03T07:00:00Z');

  it('normalizes spacing and keeps a valid schedule', () => {
    expect(validateSchedule({ cron: ' 0  9 * * 1-5 ', timeZone: 'Europe/Berlin' }, now)).toEqual(weekdaysBerlin);
  });

  it.each([
    ['0 9 * * 1-5 *', 'needs five fields'],
    ['0 9 * *', 'needs five fields'],
    ['61 9 * * *', 'not a valid cron'],
    ['0 9 * * funday', 'not a valid cron'],
    ['0 0 30 2 *', 'never fires'],
  ])('refuses "%s" (%s)', (cron, words) => {
    expect(refusal(() => validateSchedule({ cron, timeZone: 'UTC' }, now))).toContain(words);
  });

  it('spells a zone the way the runtime does', () => {
    expect(validateSchedule({ cron: '0 9 * * *', timeZone: 'europe/berlin' }, now).timeZone).toBe('Europe/Berlin');
    expect(validateSchedule({ cron: '0 9 * * *', timeZone: 'utc' }, now).timeZone).toBe('UTC');
  });

  it('refuses an unknown time zone with a hint', () => {
    expect(refusal(() => validateSchedule({ cron: '0 9 * * *', timeZone: 'Mars/Olympus' }, now))).toBe(
      'Unknown time zone "Mars/Olympus"; use an IANA name such as Europe/Berlin',
    );
  });
});

describe('nextFireTime', () => {
  it('reads the cron in its time zone, across a daylight saving change', () => {
    // Berlin is UTC+1 in winter and UTC+2 from the last Sunday of March (2031-03-30).
    expect(nextFireTime(weekdaysBerlin, at('2031-03-03T07:00:00Z'))).toEqual(at('2031-03-03T08:00:00Z'));
    expect(nextFireTime(weekdaysBerlin, at('2031-03-29T00:00:00Z'))).toEqual(at('2031-03-31T07:00:00Z'));
  });

  it('answers the slot after, never the slot itself', () => {
    expect(nextFireTime(weekdaysBerlin, at('2031-03-03T08:00:00Z'))).toEqual(at('2031-03-04T08:00:00Z'));
  });
});

describe('planFire (missed-slot policy)', () => {
  const hourly = { cron: '0 * * * *', timeZone: 'UTC' };

  it('fires a slot that just came due and schedules the next one', () => {
    expect(planFire(hourly, at('2031-03-03T08:00:00Z'), at('2031-03-03T08:00:03Z'))).toEqual({
      slot: at('2031-03-03T08:00:00Z'),
      skipped: 0,
      nextFireAt: at('2031-03-03T09:00:00Z'),
    });
  });

  it('fires only the most recent of several missed slots, if it is under an hour old', () => {
    expect(planFire(hourly, at('2031-03-03T08:00:00Z'), at('2031-03-03T11:30:00Z'))).toEqual({
      slot: at('2031-03-03T11:00:00Z'),
      skipped: 3,
      nextFireAt: at('2031-03-03T12:00:00Z'),
    });
  });

  it('skips a missed slot older than an hour', () => {
    const daily = { cron: '0 6 * * *', timeZone: 'UTC' };
    expect(planFire(daily, at('2031-03-04T06:00:00Z'), at('2031-03-04T08:00:00Z'))).toEqual({
      slot: null,
      skipped: 1,
      nextFireAt: at('2031-03-05T06:00:00Z'),
    });
  });

  it('fires nothing when the stored time is due but no slot lies between it and now', () => {
    // The cron was edited meanwhile: the stored next fire time is no slot of the new schedule.
    expect(planFire(hourly, at('2031-03-03T08:30:00Z'), at('2031-03-03T08:40:00Z'))).toEqual({
      slot: null,
      skipped: 0,
      nextFireAt: at('2031-03-03T09:00:00Z'),
    });
  });
});
