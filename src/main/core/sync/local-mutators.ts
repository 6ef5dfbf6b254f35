import { AppError, assertNever } from '@shared/errors';
import { mutators } from '@shared/mutators';
import type { MutatorArgs, OptimisticMutatorName } from '@shared/mutators';
import type { Permission } from '@shared/permissions';
import type { LocalDb } from '../db/connection';
import { setOverlay } from '../db/mutations';
import { pendingForOrg, visibleOrg } from '../db/queries';

/** The permission each optimistic mutator needs, checked locally so the user hears "no" at once. */
export const mutatorPermission = {
  'org.update': 'org.update',
} as const satisfies Record<OptimisticMutatorName, Permission>;

/** The desktop's own implementation of each optimistic mutator: writes its effect as an overlay. */
export function applyLocal<N extends OptimisticMutatorName>(
  db: LocalDb,
  orgId: string,
  name: N,
  args: MutatorArgs<N>,
): void {
  switch (name) {
    case 'org.update': {
      const org = visibleOrg(db, orgId);
      if (!org) throw new AppError('not_found', 'This organization is not on this device');
      setOverlay(db, 'org', orgId, { ...org, ...args.patch });
      return;
    }
    default:
      return assertNever(name);
  }
}

export function isOptimistic(name: string): name is OptimisticMutatorName {
  return Object.hasOwn(mutatorPermission, name);
}

/**
 * Re-applies an org's queued mutations over freshly confirmed rows (after the overlays were cleared).
 * One that no longer applies (its row is gone) keeps its place in the queue: the server decides.
 */
export function replayPending(db: LocalDb, orgId: string): void {
  for (const m of pendingForOrg(db, orgId)) {
    if (!isOptimistic(m.name)) continue;
    const args = mutators[m.name].args.safeParse(m.args);
    if (!args.success) continue;
    try {
      applyLocal(db, orgId, m.name, args.data);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
    }
  }
}
