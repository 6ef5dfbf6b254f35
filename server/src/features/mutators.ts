import { AppError, assertNever } from '@shared/errors';
import { isMutatorName, mutators } from '@shared/mutators';
import type { MutatorName } from '@shared/mutators';
import type { TxContext } from '../db/tx';
import { createOrg, deleteOrg, updateOrg } from './orgs/orgs.service';

/**
 * Runs a named mutator with the same service function its REST route calls (which checks
 * permissions). Validates name and args; throws AppError on refusal. Push must pass only optimistic
 * mutators (check `mutators[name].kind` first).
 */
export async function executeMutator(c: TxContext, orgId: string, name: string, args: unknown): Promise<unknown> {
  if (!isMutatorName(name)) throw new AppError('validation_failed', `Unknown change "${name}"; update the app`);
  const parsed = mutators[name].args.safeParse(args);
  if (!parsed.success) {
    const details = parsed.error.issues
      .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
      .join('; ');
    throw new AppError('validation_failed', `Invalid ${name}: ${details}`);
  }
  return run(c, orgId, name, parsed.data);
}

async function run(c: TxContext, orgId: string, name: MutatorName, args: unknown): Promise<unknown> {
  switch (name) {
    case 'org.update': {
      const { patch } = mutators['org.update'].args.parse(args);
      await updateOrg(c, orgId, patch);
      return {};
    }
    case 'org.create':
      return createOrg(c, mutators['org.create'].args.parse(args));
    case 'org.delete':
      await deleteOrg(c, orgId, mutators['org.delete'].args.parse(args).confirmSlug);
      return {};
    default:
      return assertNever(name);
  }
}
