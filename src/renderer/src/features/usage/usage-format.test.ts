import { describe, expect, it } from 'vitest';
import type { AlertRule } from '@shared/schemas/usage';
import { recipientsText, ruleSentence, ruleStateHint } from './alert-rule-words';
import { creditsText, forecastOf, periodText, rangeOf, rangeText, shareText } from './usage-format';

const december = { periodStart: '2025-12-01T00:00:00.000Z', periodEnd: '2026-01-01T00:00:00.000Z' };

const rule = (patch: Partial<AlertRule>): AlertRule => ({
  id: '0190a000-0000-7000-8000-000000000001',
  orgId: '0190a000-0000-7000-8000-000000000002',
  kind: 'percent_below',
  threshold: 20,
  channels: ['desktop', 'email'],
  recipientMemberIds: [],
  enabled: true,
  armed: true,
  createdAt: december.periodStart,
  updatedAt: december.periodStart,
  ...patch,
});

describe('the usage header in words', () => {
  it('names the period by its first and last day', () => {
    expect(periodText(december)).toBe('Dec 1 – Dec 31');
  });

  it('formats credits with separators and a real minus', () => {
    expect(creditsText(1234.5)).toBe('1,234.5 credits');
    expect(creditsText(1)).toBe('1 credit');
    expect(creditsText(-100)).toBe('−100 credits');
  });

  it.each([
    [
      { balance: 300, overdraftPolicy: 'hard_stop', graceCredits: 0 },
      '2025-12-19',
      'Runs out around Dec 19 at this pace',
    ],
    [{ balance: 300, overdraftPolicy: 'hard_stop', graceCredits: 0 }, '2025-12-05', 'Runs out today at this pace'],
    [{ balance: 300, overdraftPolicy: 'hard_stop', graceCredits: 0 }, null, 'Lasts past this period'],
    [
      { balance: 0, overdraftPolicy: 'hard_stop', graceCredits: 0 },
      '2025-12-10',
      'Credits are used up: new runs are refused',
    ],
    [
      { balance: -20, overdraftPolicy: 'grace', graceCredits: 100 },
      '2025-12-10',
      'Credits are used up: runs continue until −100 credits',
    ],
    [
      { balance: -100, overdraftPolicy: 'grace', graceCredits: 100 },
      '2025-12-10',
      'Credits are used up: new runs are refused',
    ],
  ] as const)('forecast for %o on %s reads "%s"', (account, emptyOn, text) => {
    expect(forecastOf(account, emptyOn, '2025-12-05').text).toBe(text);
  });
});

describe('usage ranges', () => {
  it('this period ends today while the period is running', () => {
    expect(rangeOf('period', '2025-12-14', december)).toEqual({ from: '2025-12-01', to: '2025-12-14' });
  });

  it('falls back to the last 30 days without a credit account', () => {
    expect(rangeOf('period', '2025-12-14', null)).toEqual({ from: '2025-11-15', to: '2025-12-14' });
  });

  it('the last 12 months start on the first of the month eleven months back', () => {
    expect(rangeOf('last12m', '2026-03-10', null)).toEqual({ from: '2025-04-01', to: '2026-03-10' });
  });

  it('names a range, with years only when it crosses one', () => {
    expect(rangeText({ from: '2025-12-01', to: '2025-12-14' })).toBe('Dec 1 – Dec 14');
    expect(rangeText({ from: '2025-04-01', to: '2026-03-10' })).toBe('Apr 1, 2025 – Mar 10, 2026');
  });

  it('shares round, and a sliver is not shown as nothing', () => {
    expect(shareText(1, 3)).toBe('33%');
    expect(shareText(1, 1000)).toBe('<1%');
    expect(shareText(0, 0)).toBe('0%');
  });
});

describe('alert rules in words', () => {
  it('describes kind, channels and recipients in one line', () => {
    expect(ruleSentence(rule({}), null)).toBe(
      "Below 20% of the period's allowance · desktop and email · everyone who can see usage",
    );
    expect(ruleSentence(rule({ kind: 'credits_below', threshold: 1500, channels: ['email'] }), null)).toBe(
      'Below 1,500 credits · email only · everyone who can see usage',
    );
  });

  it('names chosen recipients, or counts them when names are not readable', () => {
    const names = new Map([
      ['a', 'Ann'],
      ['b', 'Bo'],
      ['c', 'Cy'],
    ]);
    expect(recipientsText(['a', 'b'], names)).toBe('Ann and Bo');
    expect(recipientsText(['a', 'b', 'c'], names)).toBe('Ann, Bo and 1 other');
    expect(recipientsText(['a', 'b'], null)).toBe('2 chosen members');
  });

  it('says at how many credits a percent rule fires', () => {
    expect(ruleStateHint(rule({}), 1000)).toBe('Alerts once when the balance drops below 200 credits.');
    expect(ruleStateHint(rule({ armed: false }), 1000)).toMatch(/re-arms when the balance is back at 200 credits/);
    expect(ruleStateHint(rule({ enabled: false }), 1000)).toMatch(/Turned off/);
  });
});
