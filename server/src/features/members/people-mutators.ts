import { assertNever } from '@shared/errors';
import { mutators } from '@shared/mutators';
import type { TxContext } from '../../db/tx';
import { acceptTransfer, cancelTransfer, startTransfer } from '../ownership/ownership.service';
import { createRole, deleteRole, updateRole } from '../roles/roles.service';
import { leaveOrg, removeMember, updateMember } from './members.service';

export type PeopleMutatorName =
  | 'org.leave'
  | 'member.update'
  | 'member.remove'
  | 'role.create'
  | 'role.update'
  | 'role.delete'
  | 'ownership.transfer'
  | 'ownership.accept'
  | 'ownership.cancel';

/** The members, roles and ownership mutators, each with the service its REST route calls. */
export async function runPeopleMutator(
  c: TxContext,
  orgId: string,
  name: PeopleMutatorName,
  args: unknown,
): Promise<unknown> {
  switch (name) {
    case 'org.leave':
      await leaveOrg(c, orgId);
      return {};
    case 'member.update': {
      const { memberId, patch } = mutators[name].args.parse(args);
      await updateMember(c, orgId, memberId, patch);
      return {};
    }
    case 'member.remove':
      await removeMember(c, orgId, mutators[name].args.parse(args).memberId);
      return {};
    case 'role.create':
      return createRole(c, orgId, mutators[name].args.parse(args));
    case 'role.update': {
      const { roleId, patch } = mutators[name].args.parse(args);
      await updateRole(c, orgId, roleId, patch);
      return {};
    }
    case 'role.delete':
      await deleteRole(c, orgId, mutators[name].args.parse(args).roleId);
      return {};
    case 'ownership.transfer':
      return startTransfer(c, orgId, mutators[name].args.parse(args).memberId);
    case 'ownership.accept':
      await acceptTransfer(c, orgId, mutators[name].args.parse(args).transferId);
      return {};
    case 'ownership.cancel':
      await cancelTransfer(c, orgId, mutators[name].args.parse(args).transferId);
      return {};
    default:
      return assertNever(name);
  }
}
