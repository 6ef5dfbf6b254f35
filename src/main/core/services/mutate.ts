import { z } from 'zod';
import { AppError, assertNever } from '@shared/errors';
import { mutators } from '@shared/mutators';
import type { MutatorName, OptimisticMutatorName } from '@shared/mutators';
import { can } from '@shared/permissions';
import { orgSchema } from '@shared/schemas/org';
import { inTransaction } from '../db/connection';
import { insertOutbox, purgeOrg, takeMutationId } from '../db/mutations';
import type { CoreEvents } from '../events';
import { applyLocal, isOptimistic, mutatorPermission } from '../sync/local-mutators';
import { formatIssues } from '../validation';
import { getOrg } from './orgs';
import type { SessionManager, Workspace } from './session';

export type MutateRequest = { orgId: string | null; name: MutatorName; args: unknown };

/**
 * Runs a named mutator. Optimistic ones write their effect and the outbox row in one SQLite
 * transaction and return at once; online ones need the server's answer.
 */
export async function mutate(session: SessionManager, events: CoreEvents, request: MutateRequest): Promise<unknown> {
  const w = session.workspace;
  if (!w) throw new AppError('unauthenticated', 'Sign in first');
  const parsed = mutators[request.name].args.safeParse(request.args);
  if (!parsed.success) throw new AppError('validation_failed', formatIssues(parsed.error));
  if (isOptimistic(request.name)) return mutateLocally(w, events, request.name, requireOrgId(request), parsed.data);
  return mutateOnline(session, events, request.name, request.orgId, parsed.data);
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
  const grant = {
    status: 'active' as const,
    role: { key: null, rank: summary.role.rank, permissions: summary.permissions },
  };
  if (!can(grant, mutatorPermission[name])) {
    throw new AppError('forbidden', `Your role in ${summary.org.name} does not allow this change`);
  }
  if (summary.local.state !== 'ready') {
    throw new AppError('conflict', `${summary.org.name} is still downloading to this device; try again in a moment`);
  }
  const typed = mutators[name].args.parse(args);
  inTransaction(w.db, () => {
    const id = takeMutationId(w.db);
    applyLocal(w.db, orgId, name, typed);
    insertOutbox(w.db, { id, orgId, name, args: typed });
  });
  events.emit('data.changed', { orgIds: [orgId], entities: ['org'] });
  w.engine?.outboxChanged();
  return {};
}

async function mutateOnline(
  session: SessionManager,
  events: CoreEvents,
  name: Exclude<MutatorName, OptimisticMutatorName>,
  orgId: string | null,
  args: unknown,
): Promise<unknown> {
  const labels = { 'org.create': 'Creating an organization', 'org.delete': 'Deleting an organization' } as const;
  try {
    switch (name) {
      case 'org.create': {
        const org = await session.call((c) => c.json('POST', '/v1/orgs', orgSchema, args));
        await session.workspace?.engine?.syncNow();
        return org;
      }
      case 'org.delete': {
        const id = orgId ?? '';
        if (!id) throw new AppError('validation_failed', 'org.delete needs an organization');
        await session.call((c) => c.json('DELETE', `/v1/orgs/${id}`, z.object({}), args));
        const w = session.workspace;
        if (w) inTransaction(w.db, () => purgeOrg(w.db, id));
        events.emit('data.changed', { orgIds: [id], entities: ['org', 'role', 'member', 'orgSync'] });
        return {};
      }
      default:
        return assertNever(name);
    }
  } catch (error) {
    if (error instanceof AppError && error.code === 'offline') {
      throw new AppError('offline', `${labels[name]} needs a connection to the server; try again when you are online`);
    }
    throw error;
  }
}
