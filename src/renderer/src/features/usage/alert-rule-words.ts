import { ruleDescription, ruleLimit } from '@shared/alert-crossing';
import { assertNever } from '@shared/errors';
import type { AlertRule } from '@shared/schemas/usage';
import { creditsText } from './usage-format';

type Channel = AlertRule['channels'][number];

/** "desktop and email", "desktop only", "email only". */
export function channelsText(channels: readonly Channel[]): string {
  const desktop = channels.includes('desktop');
  const email = channels.includes('email');
  if (desktop && email) return 'desktop and email';
  return desktop ? 'desktop only' : email ? 'email only' : 'no channel';
}

/**
 * Who is told: everyone with usage.read when nobody is chosen; else the chosen names ("Ann and Bo",
 * "Ann, Bo and 3 others"), or a count when this person may not read the member list.
 */
export function recipientsText(memberIds: readonly string[], names: ReadonlyMap<string, string> | null): string {
  if (memberIds.length === 0) return 'everyone who can see usage';
  const known = names ? memberIds.flatMap((id) => names.get(id) ?? []) : [];
  if (known.length === 0) return memberIds.length === 1 ? '1 chosen member' : `${memberIds.length} chosen members`;
  const others = memberIds.length - Math.min(known.length, 2);
  const shown = known.slice(0, 2);
  if (others === 0) return shown.join(' and ');
  return `${shown.join(', ')} and ${others} ${others === 1 ? 'other' : 'others'}`;
}

/** "Below 20% of the period's allowance · desktop and email · everyone who can see usage". */
export function ruleSentence(rule: AlertRule, names: ReadonlyMap<string, string> | null): string {
  const what = ruleDescription(rule);
  return [
    what.charAt(0).toUpperCase() + what.slice(1),
    channelsText(rule.channels),
    recipientsText(rule.recipientMemberIds, names),
  ].join(' · ');
}

export type RuleState = 'off' | 'armed' | 'fired';

/** Off when disabled; armed while it can still fire; fired until the balance is back above it. */
export function ruleStateOf(rule: Pick<AlertRule, 'enabled' | 'armed'>): RuleState {
  if (!rule.enabled) return 'off';
  return rule.armed ? 'armed' : 'fired';
}

/** What the state means for this rule, for a tooltip or a screen reader. */
export function ruleStateHint(rule: AlertRule, allowance: number | null): string {
  const limit = allowance === null && rule.kind === 'percent_below' ? null : ruleLimit(rule, allowance ?? 0);
  const at = limit === null ? 'its threshold' : creditsText(limit);
  const state = ruleStateOf(rule);
  switch (state) {
    case 'off':
      return 'Turned off: it does not alert anyone.';
    case 'armed':
      return `Alerts once when the balance drops below ${at}.`;
    case 'fired':
      return `Already alerted; it re-arms when the balance is back at ${at} or more (a top-up or the next period).`;
    default:
      return assertNever(state);
  }
}
