import { AppError } from '@shared/errors';
import { defaultRoleMaxRank } from '@shared/permissions';
import type { TxContext } from '../../db/tx';
import { findRole } from '../members/member-store';

/** The org's default role (for invitations by those who may not choose one) must be one of its roles ranked 40 or below. */
export async function assertDefaultRole(c: TxContext, orgId: string, roleId: string): Promise<void> {
  const role = await findRole(c, orgId, roleId);
  if (!role) throw new AppError('validation_failed', 'defaultRoleId: that role does not exist in this organization');
  if (role.rank > defaultRoleMaxRank) {
    throw new AppError(
      'validation_failed',
      `defaultRoleId: the default role must rank ${defaultRoleMaxRank} or below (${role.name} is ${role.rank})`,
    );
  }
}
