import { describe, expect, it } from 'vitest';
import { describeSchedule, describeTrigger } from './schedule-words';

describe('describeSchedule', () => {
  it.each([
    ['0 9 * * 1-5', 'Europe/Berlin', 'every weekday at 09:00 Europe/Berlin'],
    ['0 9 * * MON-FRI', 'Europe/Berlin', 'every weekday at 09:00 Europe/Berlin'],
    ['30 6 * * *', 'UTC', 'every day at 06:30 UTC'],
    ['30 6 * * 0-6', 'UTC', 'every day at 06:30 UTC'],
    ['*/15 * * * *', 'UTC', 'every 15 minutes'],
    ['* * * * *', 'UTC', 'every minute'],
    ['*/1 * * * *', 'UTC', 'every minute'],
    ['0 * * * *', 'UTC', 'every hour'],
    ['30 */2 * * *', 'UTC', 'every 2 hours at :30'],
    ['0 8 * * 1', 'America/New_York', 'every Monday at 08:00 America/New_York'],
    ['0 8 * * mon', 'UTC', 'every Monday at 08:00 UTC'],
    ['0 8 * * 1,3,5', 'UTC', 'every Monday, Wednesday and Friday at 08:00 UTC'],
    ['0 10 * * 0,6', 'UTC', 'every Saturday and Sunday at 10:00 UTC'],
    ['0 10 * * 7', 'UTC', 'every Sunday at 10:00 UTC'],
    ['0 9,17 * * 1-5', 'UTC', 'every weekday at 09:00 and 17:00 UTC'],
    ['0 7 1 * *', 'UTC', 'on the 1st of every month at 07:00 UTC'],
    ['0 7 22 * *', 'UTC', 'on the 22nd of every month at 07:00 UTC'],
    ['0 7 11 * *', 'UTC', 'on the 11th of every month at 07:00 UTC'],
    ['  0   9 *  * 1-5 ', 'UTC', 'every weekday at 09:00 UTC'],
  ])('%s in %s reads "%s"', (cron, zone, words) => {
    expect(describeSchedule(cron, zone)).toBe(words);
  });

  it.each([
    ['0 9 1-7 * 1', 'Europe/Berlin'],
    ['0 9 * 1 *', 'UTC'],
    ['0 9 L * *', 'UTC'],
    ['*/5 9-17 * * 1-5', 'UTC'],
    ['0 */3 * * 1-5', 'UTC'],
    ['0,15,30,45 8,9 * * *', 'UTC'],
    ['0 25 * * *', 'UTC'],
    ['0 9 * * 8', 'UTC'],
  ])('%s falls back to the cron text', (cron, zone) => {
    expect(describeSchedule(cron, zone)).toBe(`${cron} (${zone})`);
  });

  it('leaves the zone out when none is given', () => {
    expect(describeSchedule('0 9 * * *', null)).toBe('every day at 09:00');
    expect(describeSchedule('0 9 1-7 * 1', null)).toBe('0 9 1-7 * 1');
  });
});

describe('describeTrigger', () => {
  it('says how each kind fires', () => {
    expect(describeTrigger({ kind: 'schedule', cron: '0 9 * * 1-5', timeZone: 'Europe/Berlin' })).toBe(
      'every weekday at 09:00 Europe/Berlin',
    );
    expect(describeTrigger({ kind: 'webhook', cron: null, timeZone: null })).toBe('on a webhook call');
    expect(describeTrigger({ kind: 'manual', cron: null, timeZone: null })).toBe('manually');
  });
});
