import { sql } from 'drizzle-orm';
import { AppError, isErrorCode } from '@shared/errors';
import { isMutatorName, mutators } from '@shared/mutators';
import { PROTOCOL_VERSION } from '@shared/schemas/sync';
import type { Mutation, MutationOutcome, PushBody, PushResult } from '@shared/schemas/sync';
import type { Database } from '../../db/client';
import { queryRows, withTx } from '../../db/tx';
import type { TxContext } from '../../db/tx';
import { executeMutator } from '../mutators';
import { requireMember } from '../orgs/membership';

/** Answers client_outdated to a desktop speaking another contract version. */
export function requireProtocol(protocol: number): void {
  if (protocol !== PROTOCOL_VERSION) {
    throw new AppError('client_outdated', 'This version of Botdesk is out of date; update it to keep syncing');
  }
}

type Client = { userId: string; clientId: string };

/**
 * Applies a desktop's queued mutations in id order, each in its own transaction with its outcome, so
 * a retry after a lost answer replays outcomes instead of applying twice.
 */
export async function pushMutations(database: Database, userId: string, body: PushBody): Promise<PushResult> {
  requireProtocol(body.protocol);
  const client = { userId, clientId: body.clientId };
  await withTx(database, { userId, orgId: null }, (c) => touchClient(c, client));
  const outcomes: MutationOutcome[] = [];
  for (const mutation of [...body.mutations].sort((a, b) => a.id - b.id)) {
    outcomes.push(await withTx(database, { userId, orgId: mutation.orgId }, (c) => pushOne(c, client, mutation)));
  }
  return { outcomes };
}

async function touchClient(c: TxContext, client: Client): Promise<void> {
  await c.tx.execute(sql`
    INSERT INTO sync_clients (user_id, client_id) VALUES (${client.userId}, ${client.clientId})
    ON CONFLICT (user_id, client_id) DO UPDATE SET last_seen_at = now()`);
}

async function pushOne(c: TxContext, client: Client, mutation: Mutation): Promise<MutationOutcome> {
  const stored = await storedOutcome(c, client, mutation);
  if (stored) return stored;
  try {
    // Outsiders are refused like a missing org; nothing is recorded in an org they do not belong to.
    await requireMember(c, mutation.orgId);
  } catch (error) {
    if (error instanceof AppError) return refused(mutation, error);
    throw error;
  }
  const lastId = await lockLastMutationId(c, client, mutation.orgId);
  if (mutation.id <= lastId) {
    // A concurrent push may have consumed it meanwhile; otherwise the desktop's ids went backwards.
    return (
      (await storedOutcome(c, client, mutation)) ??
      refused(
        mutation,
        new AppError('client_reset', `Change ${mutation.id} is older than the last one received (${lastId}); resync`),
      )
    );
  }
  const outcome = await applyInSavepoint(c, mutation);
  await recordOutcome(c, client, mutation, outcome);
  return outcome;
}

/** Runs the mutator; a refusal rolls back only its savepoint, so the outcome can still be recorded. */
async function applyInSavepoint(c: TxContext, mutation: Mutation): Promise<MutationOutcome> {
  if (!isMutatorName(mutation.name) || mutators[mutation.name].kind !== 'optimistic') {
    const hint = isMutatorName(mutation.name)
      ? 'needs a connection and cannot be queued'
      : 'is unknown; update the app';
    return refused(mutation, new AppError('validation_failed', `The change "${mutation.name}" ${hint}`));
  }
  const pending: (() => void | Promise<void>)[] = [];
  try {
    await c.tx.transaction(async (savepoint) => {
      const inner: TxContext = { ...c, tx: savepoint, afterCommit: (fn) => pending.push(fn) };
      await executeMutator(inner, mutation.orgId, mutation.name, mutation.args);
    });
  } catch (error) {
    if (error instanceof AppError && error.code !== 'internal') return refused(mutation, error);
    throw error;
  }
  // Follow-ups of a rolled-back savepoint are dropped; these belong to an effect that stays.
  for (const fn of pending) c.afterCommit(fn);
  return { id: mutation.id, status: 'applied' };
}

function refused(mutation: Mutation, error: AppError): MutationOutcome {
  return { id: mutation.id, status: 'refused', error: { code: error.code, message: error.message } };
}

async function storedOutcome(c: TxContext, client: Client, mutation: Mutation): Promise<MutationOutcome | null> {
  const [row] = await queryRows<{ status: string; error_code: string | null; error_message: string | null }>(
    c.tx,
    sql`SELECT status, error_code, error_message FROM sync_mutations
        WHERE org_id = ${mutation.orgId} AND user_id = ${client.userId}
          AND client_id = ${client.clientId} AND mutation_id = ${mutation.id}`,
  );
  if (!row) return null;
  if (row.status === 'applied') return { id: mutation.id, status: 'applied' };
  const code = isErrorCode(row.error_code) ? row.error_code : 'internal';
  return { id: mutation.id, status: 'refused', error: { code, message: row.error_message ?? '' } };
}

/** The last mutation id consumed for (user, client, org), locked so one client's pushes to an org serialize. */
async function lockLastMutationId(c: TxContext, client: Client, orgId: string): Promise<number> {
  await c.tx.execute(sql`
    INSERT INTO sync_client_orgs (org_id, user_id, client_id, last_mutation_id)
    VALUES (${orgId}, ${client.userId}, ${client.clientId}, 0)
    ON CONFLICT (org_id, user_id, client_id) DO NOTHING`);
  const [row] = await queryRows<{ last: string | number }>(
    c.tx,
    sql`SELECT last_mutation_id AS last FROM sync_client_orgs
        WHERE org_id = ${orgId} AND user_id = ${client.userId} AND client_id = ${client.clientId}
        FOR UPDATE`,
  );
  return Number(row?.last ?? 0);
}

async function recordOutcome(
  c: TxContext,
  client: Client,
  mutation: Mutation,
  outcome: MutationOutcome,
): Promise<void> {
  const error = outcome.status === 'refused' ? outcome.error : null;
  await c.tx.execute(sql`
    INSERT INTO sync_mutations (org_id, user_id, client_id, mutation_id, name, status, error_code, error_message)
    VALUES (${mutation.orgId}, ${client.userId}, ${client.clientId}, ${mutation.id}, ${mutation.name},
            ${outcome.status}, ${error?.code ?? null}, ${error?.message ?? null})`);
  await c.tx.execute(sql`
    UPDATE sync_client_orgs SET last_mutation_id = ${mutation.id}, updated_at = now()
    WHERE org_id = ${mutation.orgId} AND user_id = ${client.userId} AND client_id = ${client.clientId}`);
}
