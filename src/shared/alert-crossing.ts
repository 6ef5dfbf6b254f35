import type { AlertRule } from '@shared/schemas/usage';

/** What a balance change means for one rule: it fires (a downward crossing), re-arms, or nothing. */
export type AlertDecision = 'fire' | 'rearm' | 'none';

/** The rule's threshold in credits: N for `credits_below`, X% of the period's allowance for `percent_below`. */
export function ruleLimit(rule: Pick<AlertRule, 'kind' | 'threshold'>, allowance: number): number {
  return rule.kind === 'credits_below' ? rule.threshold : (allowance * rule.threshold) / 100;
}

/**
 * One alert per downward crossing: an armed rule fires when the balance is below its limit and is
 * then disarmed; a disarmed rule re-arms once the balance is back at the limit or above (a top-up, a
 * new period's grant). Further consumption below the limit changes nothing.
 */
export function crossedThreshold(rule: { armed: boolean; limit: number }, balance: number): AlertDecision {
  if (rule.armed && balance < rule.limit) return 'fire';
  if (!rule.armed && balance >= rule.limit) return 'rearm';
  return 'none';
}

/** Whether a rule created, enabled or changed now starts armed: only while the balance is not below it. */
export function armedAt(limit: number, balance: number): boolean {
  return balance >= limit;
}

const formatCredits = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** What the notification says, e.g. "Acme has 180 credits left (18% of 1,000)". */
export function alertMessage(orgName: string, balance: number, allowance: number): string {
  const left = `${orgName} has ${formatCredits(balance)} credits left`;
  if (allowance <= 0) return left;
  const percent = Math.max(0, Math.floor((balance / allowance) * 100));
  return `${left} (${percent}% of ${formatCredits(allowance)})`;
}

/** How a rule reads in a sentence: "below 20% of the period's allowance", "below 500 credits". */
export function ruleDescription(rule: Pick<AlertRule, 'kind' | 'threshold'>): string {
  return rule.kind === 'percent_below'
    ? `below ${formatCredits(rule.threshold)}% of the period's allowance`
    : `below ${formatCredits(rule.threshold)} credits`;
}

export { formatCredits };
