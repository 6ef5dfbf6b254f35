import { assertNever } from '@shared/errors';
import { mutators } from '@shared/mutators';
import type { TxContext } from '../../db/tx';
import { createAlertRule, deleteAlertRule, updateAlertRule } from './alert-rules.service';
import { changePlan, topUpCredits } from './credits.service';

export type UsageMutatorName =
  | 'credits.topUp'
  | 'plan.change'
  | 'alertRule.create'
  | 'alertRule.update'
  | 'alertRule.setEnabled'
  | 'alertRule.delete';

/** The credits, plan and alert-rule mutators, each with the service its REST route calls. */
export async function runUsageMutator(
  c: TxContext,
  orgId: string,
  name: UsageMutatorName,
  args: unknown,
): Promise<unknown> {
  // Mutators carry no clock: the server's own is the one that counts.
  const now = new Date();
  switch (name) {
    case 'credits.topUp':
      await topUpCredits(c, orgId, mutators[name].args.parse(args).credits, now);
      return {};
    case 'plan.change':
      return changePlan(c, orgId, mutators[name].args.parse(args).plan, now);
    case 'alertRule.create':
      return createAlertRule(c, orgId, mutators[name].args.parse(args), now);
    case 'alertRule.update': {
      const { ruleId, patch } = mutators[name].args.parse(args);
      return updateAlertRule(c, orgId, ruleId, patch, now);
    }
    case 'alertRule.setEnabled': {
      const { ruleId, enabled } = mutators[name].args.parse(args);
      await updateAlertRule(c, orgId, ruleId, { enabled }, now);
      return {};
    }
    case 'alertRule.delete':
      await deleteAlertRule(c, orgId, mutators[name].args.parse(args).ruleId);
      return {};
    default:
      return assertNever(name);
  }
}
