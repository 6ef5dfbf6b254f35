import { AppError, assertNever } from '@shared/errors';
import { mutators } from '@shared/mutators';
import type { TxContext } from '../../db/tx';
import { acceptInvitation, declineInvitation } from './invitation-accept';
import type { InvitationDeps } from './invitation-common';
import { createInvitation, resendInvitation, revokeInvitation } from './invitations.service';

export type InvitationMutatorName =
  'invitation.create' | 'invitation.resend' | 'invitation.revoke' | 'invitation.accept' | 'invitation.decline';

/**
 * The invitation.* mutators (all online), with the services their REST routes call. accept and
 * decline ignore orgId: the token names the org. They need the server clock and mailer.
 */
export async function runInvitationMutator(
  c: TxContext,
  orgId: string,
  name: InvitationMutatorName,
  args: unknown,
  deps: InvitationDeps | undefined,
): Promise<unknown> {
  if (!deps) throw new AppError('internal', `${name} needs the server's clock and mailer`);
  switch (name) {
    case 'invitation.create':
      return createInvitation(c, deps, orgId, mutators[name].args.parse(args));
    case 'invitation.resend':
      return resendInvitation(c, deps, orgId, mutators[name].args.parse(args).invitationId);
    case 'invitation.revoke':
      await revokeInvitation(c, orgId, mutators[name].args.parse(args).invitationId);
      return {};
    case 'invitation.accept':
      return acceptInvitation(c, deps, mutators[name].args.parse(args).token);
    case 'invitation.decline':
      await declineInvitation(c, deps, mutators[name].args.parse(args).token);
      return {};
    default:
      return assertNever(name);
  }
}
