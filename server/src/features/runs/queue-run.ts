import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { AppError } from '@shared/errors';
import type { BotStatus, Run } from '@shared/schemas/automation';
import { bots } from '../../db/schema';
import type { BotRow, RunRow } from '../../db/schema';
import { setList } from '../../db/raw-rows';
import { queryRows } from '../../db/tx';
import type { TxContext } from '../../db/tx';
import { assertCanStartRun } from '../credits/debit';
import { botNotFound, lockBot, recordRunAndBots, runRowFrom } from './run-store';
import { runSyncView } from './run-views';

/** What starts a run: run now, retry, a runner, a trigger or a webhook. */
export type QueueRunInput = {
  botId: string;
  triggerId?: string | null;
  /** The member who started it, if a person did. */
  actorId?: string | null;
  /** Who or what started it, in words (a person's name, a trigger's name, "Runner …"). */
  startedBy: string;
  /** The same key never queues two runs of the org: the second start answers the first run. */
  idempotencyKey?: string | null;
  retryOf?: string | null;
  /** A runner that takes the new run at once (a runner starting a run itself): no other runner claims it. */
  claim?: { runnerId: string; leaseExpiresAt: Date } | null;
};

// A queued run shows on its bot as `queued` only when the bot was idle or in error: `running` and
// `offline` say more (a run is in progress; nobody will pick the run up yet).
const queuedFrom: readonly BotStatus[] = ['idle', 'error'];

export function disabledBot(bot: Pick<BotRow, 'name'>): AppError {
  return new AppError('conflict', `Bot ${bot.name} is disabled; enable it to run`);
}

async function runByKey(c: TxContext, orgId: string, key: string): Promise<RunRow | null> {
  const [raw] = await queryRows(c.tx, sql`SELECT * FROM runs WHERE org_id = ${orgId} AND idempotency_key = ${key}`);
  return raw ? runRowFrom(raw) : null;
}

/**
 * Queues a run of a bot: the one function every starter of a run uses. A missing bot answers
 * not_found, a disabled one conflict (unless the key already started a run, which is answered).
 * The same idempotency key answers the existing run with created=false — under concurrency too: the
 * unique index runs_idempotency decides, through ON CONFLICT. Writes the run (and the bot when its
 * status changes) to the change log in the caller's transaction. Permission checks are the caller's.
 */
export async function queueRun(
  c: TxContext,
  orgId: string,
  input: QueueRunInput,
  now: Date,
): Promise<{ run: Run; created: boolean }> {
  const bot = await lockBot(c, orgId, input.botId);
  if (!bot) throw botNotFound();
  const key = input.idempotencyKey ?? null;
  if (!bot.enabled) {
    // An idempotent retry of a start that happened before the bot was disabled still answers that run.
    const earlier = key === null ? null : await runByKey(c, orgId, key);
    if (earlier) return { run: runSyncView(earlier), created: false };
    throw disabledBot(bot);
  }
  const insert = sql`INSERT INTO runs (org_id, id, bot_id, bot_name, trigger_id, actor_id, started_by, status,
      queued_at, retry_of, idempotency_key, runner_id, lease_expires_at)
    VALUES (${orgId}, ${uuidv7()}, ${bot.id}, ${bot.name}, ${input.triggerId ?? null}, ${input.actorId ?? null},
      ${input.startedBy}, 'queued', ${now.toISOString()}, ${input.retryOf ?? null}, ${key},
      ${input.claim?.runnerId ?? null}, ${input.claim?.leaseExpiresAt.toISOString() ?? null})
    ON CONFLICT (org_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
    RETURNING *`;
  // The bot shows the queued run (when idle or in error) in the same statement, only if the run was inserted.
  const botSet = queuedFrom.includes(bot.status) ? { status: 'queued' as const, updatedAt: now } : null;
  const [raw] = await queryRows<Record<string, unknown>>(c.tx, insertWithBot(insert, bot, botSet));
  const inserted = raw ? runRowFrom(raw) : null;
  if (!inserted) {
    const existing = key === null ? null : await runByKey(c, orgId, key);
    if (!existing) throw new AppError('internal', 'The run could not be queued');
    return { run: runSyncView(existing), created: false };
  }
  const queuedBot = botSet ? { ...bot, ...botSet } : null;
  // The credit check last, just before the change log: it takes the org's row lock, which every
  // writer of the org waits for, so it is held for the fewest round trips. A refusal rolls the
  // inserted run back with the rest of the transaction.
  await assertCanStartRun(c, orgId, now, bot.creditsPerRun, { queued: true });
  return { run: await recordRunAndBots(c, inserted, queuedBot ? [queuedBot] : []), created: true };
}

/** The run's insert (answering the inserted row), with the bot's update when `botSet` is given and the run was inserted. */
function insertWithBot(insert: SQL, bot: BotRow, botSet: Partial<BotRow> | null): SQL {
  if (!botSet) return insert;
  const botUpdate = sql`UPDATE bots SET ${setList(bots, botSet)}
    WHERE org_id = ${bot.orgId} AND id = ${bot.id} AND EXISTS (SELECT 1 FROM inserted) RETURNING id`;
  return sql`WITH inserted AS (${insert}), bot AS (${botUpdate}) SELECT * FROM inserted`;
}
