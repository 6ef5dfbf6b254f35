import { AppError } from '@shared/errors';
import { mutators } from '@shared/mutators';
import type { MutatorName, OptimisticMutatorName } from '@shared/mutators';
import { inTransaction } from '../db/connection';
import { insertOutbox, takeMutationId } from '../db/mutations';
import type { CoreEvents } from '../events';
import type { PrefsStore } from '../ports';
import { actorOf, applyLocal, checkLocal, isOptimistic, mayRun, mutatorEntity } from '../sync/local-mutators';
import { formatIssues } from '../validation';
import { mutateOnline } from './online-mutators';
import { getOrg } from './orgs';
import type { SessionManager, Workspace } from './session';

export type MutateRequest = { orgId: string | null; name: MutatorName; args: unknown };

export type MutateDeps = { session: SessionManager; events: CoreEvents; prefs: PrefsStore };

/**
 * Runs a named mutator. Optimistic ones write their effect and the outbox row in one SQLite
 * transaction and return at once; online ones need the server's answer.
 */
export async function mutate(deps: MutateDeps, request: MutateRequest): Promise<unknown> {
  const w = deps.session.workspace;
  if (!w) throw new AppError('unauthenticated', 'Sign in first');
  const parsed = mutators[request.name].args.safeParse(request.args);
  if (!parsed.success) throw new AppError('validation_failed', formatIssues(parsed.error));
  if (isOptimistic(request.name))
    return mutateLocally(w, deps.events, request.name, requireOrgId(request), parsed.data);
  return mutateOnline(deps, request.name, request.orgId, parsed.data);
}

function requireOrgId(request: MutateRequest): string {
  if (!request.orgId) throw new AppError('validation_failed', `${request.name} needs an organization`);
  return request.orgId;
}

function mutateLocally(
  w: Workspace,
  events: CoreEvents,
  name: OptimisticMutatorName,
  orgId: string,
  args: unknown,
): object {
  const summary = getOrg(w.db, orgId);
  const actor = actorOf(summary);
  if (!mayRun(actor, name)) {
    throw new AppError('forbidden', `Your role in ${summary.org.name} does not allow this change`);
  }
  if (summary.local.state !== 'ready') {
    throw new AppError('conflict', `${summary.org.name} is still downloading to this device; try again in a moment`);
  }
  const typed = mutators[name].args.parse(args);
  checkLocal(w.db, orgId, actor, name, typed);
  inTransaction(w.db, () => {
    const id = takeMutationId(w.db);
    applyLocal(w.db, orgId, name, typed);
    insertOutbox(w.db, { id, orgId, name, args: typed });
  });
  events.emit('data.changed', { orgIds: [orgId], entities: [mutatorEntity[name]] });
  w.engine?.outboxChanged();
  return {};
}
