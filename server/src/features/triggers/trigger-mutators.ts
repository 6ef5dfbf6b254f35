import { assertNever } from '@shared/errors';
import { mutators } from '@shared/mutators';
import type { TxContext } from '../../db/tx';
import { createTrigger, deleteTrigger, rotateTriggerSecret, updateTrigger } from './triggers.service';

export type TriggerMutatorName =
  'trigger.create' | 'trigger.update' | 'trigger.setEnabled' | 'trigger.delete' | 'trigger.rotateSecret';

/**
 * The trigger mutators, each with the service its REST route calls. Push passes no clock, so the
 * next fire time of a pushed toggle is computed from the server's own.
 */
export async function runTriggerMutator(
  c: TxContext,
  orgId: string,
  name: TriggerMutatorName,
  args: unknown,
  now: Date = new Date(),
): Promise<unknown> {
  switch (name) {
    case 'trigger.create':
      return createTrigger(c, orgId, mutators[name].args.parse(args), now);
    case 'trigger.update': {
      const { triggerId, patch } = mutators[name].args.parse(args);
      return updateTrigger(c, orgId, triggerId, patch, now);
    }
    case 'trigger.setEnabled': {
      const { triggerId, enabled } = mutators[name].args.parse(args);
      await updateTrigger(c, orgId, triggerId, { enabled }, now);
      return {};
    }
    case 'trigger.delete':
      await deleteTrigger(c, orgId, mutators[name].args.parse(args).triggerId);
      return {};
    case 'trigger.rotateSecret':
      return rotateTriggerSecret(c, orgId, mutators[name].args.parse(args).triggerId, now);
    default:
      return assertNever(name);
  }
}
