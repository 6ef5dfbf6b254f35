import { AppError, assertNever } from '@shared/errors';
import { isMutatorName, mutators } from '@shared/mutators';
import type { MutatorName } from '@shared/mutators';
import type { TxContext } from '../db/tx';
import type { InvitationDeps } from './invitations/invitation-common';
import { runInvitationMutator } from './invitations/invitation-mutators';
import { runPeopleMutator } from './members/people-mutators';
import { createOrg, deleteOrg, updateOrg } from './orgs/orgs.service';
import { runApiKeyMutator } from './api-keys/api-key-mutators';
import { runBotMutator } from './bots/bot-mutators';
import { runTriggerMutator } from './triggers/trigger-mutators';
import { runUsageMutator } from './credits/usage-mutators';

/**
 * Runs a named mutator with the same service function its REST route calls (which checks
 * permissions). Validates name and args; throws AppError on refusal. Push must pass only optimistic
 * mutators (check `mutators[name].kind` first).
 */
export async function executeMutator(
  c: TxContext,
  orgId: string,
  name: string,
  args: unknown,
  /** The server clock and mailer, for mutators that mail (invitations); routes pass the app's. */
  deps?: InvitationDeps,
): Promise<unknown> {
  if (!isMutatorName(name)) throw new AppError('validation_failed', `Unknown change "${name}"; update the app`);
  const parsed = mutators[name].args.safeParse(args);
  if (!parsed.success) {
    const details = parsed.error.issues
      .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
      .join('; ');
    throw new AppError('validation_failed', `Invalid ${name}: ${details}`);
  }
  return run(c, orgId, name, parsed.data, deps);
}

async function run(
  c: TxContext,
  orgId: string,
  name: MutatorName,
  args: unknown,
  deps: InvitationDeps | undefined,
): Promise<unknown> {
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
    case 'invitation.create':
    case 'invitation.resend':
    case 'invitation.revoke':
    case 'invitation.accept':
    case 'invitation.decline':
      return runInvitationMutator(c, orgId, name, args, deps);
    case 'org.leave':
    case 'member.update':
    case 'member.remove':
    case 'role.create':
    case 'role.update':
    case 'role.delete':
    case 'ownership.transfer':
    case 'ownership.accept':
    case 'ownership.cancel':
      return runPeopleMutator(c, orgId, name, args);
    case 'apiKey.create':
    case 'apiKey.revoke':
      return runApiKeyMutator(c, orgId, name, args);
    case 'bot.create':
    case 'bot.update':
    case 'bot.setEnabled':
    case 'bot.delete':
    case 'bot.runNow':
    case 'run.cancel':
    case 'run.retry':
      return runBotMutator(c, orgId, name, args, deps?.now());
    case 'trigger.create':
    case 'trigger.update':
    case 'trigger.setEnabled':
    case 'trigger.delete':
    case 'trigger.rotateSecret':
      return runTriggerMutator(c, orgId, name, args);
    case 'credits.topUp':
    case 'plan.change':
    case 'alertRule.create':
    case 'alertRule.update':
    case 'alertRule.setEnabled':
    case 'alertRule.delete':
      return runUsageMutator(c, orgId, name, args);
    default:
      return assertNever(name);
  }
}
