import { sql } from 'drizzle-orm';
import { AppError } from '@shared/errors';
import type { Run } from '@shared/schemas/automation';
import { bots, runs } from '../../db/schema';
import type { BotRow, RunRow } from '../../db/schema';
import { rowMapper, setList } from '../../db/raw-rows';
import { queryRows } from '../../db/tx';
import type { TxContext } from '../../db/tx';
import { deriveBotStatus } from '../bots/derive-bot-status';
import type { BotRunFields } from '../bots/derive-bot-status';
import { botSyncView } from '../bots/bot-views';
import { recordChange, recordChanges } from '../sync/change-log';
import type { ChangeInput } from '../sync/change-log';
import { runSyncView } from './run-views';

// Reads and change-log writes of runs and bots shared by run now, retry, cancel, the runner protocol
// and the sweeper. Writers update every row first and record the changes last: the change log locks
// the org's version row, and taking it before a bot or run row lock could deadlock with a writer
// that holds that row and waits for the org. The statements are sql templates, not drizzle's query
// builder: they run on every run report (see raw-rows.ts).

export const runNotFound = () => new AppError('not_found', 'Run not found');
export const botNotFound = () => new AppError('not_found', 'Bot not found');

/** A runs row as a raw statement answers it (column names, driver values or row_to_json) in the shape drizzle selects. */
export const runRowFrom: (raw: Record<string, unknown>) => RunRow = rowMapper(runs);
/** A bots row as a raw statement answers it, in the shape drizzle selects. */
export const botRowFrom: (raw: Record<string, unknown>) => BotRow = rowMapper(bots);

/** The bot, locked until commit so enabling, disabling and queueing runs of it serialize. */
export async function lockBot(c: TxContext, orgId: string, botId: string): Promise<BotRow | null> {
  const [raw] = await queryRows(c.tx, sql`SELECT * FROM bots WHERE org_id = ${orgId} AND id = ${botId} FOR UPDATE`);
  return raw ? botRowFrom(raw) : null;
}

export async function findRun(c: TxContext, orgId: string, runId: string, lock = false): Promise<RunRow | null> {
  const locking = lock ? sql` FOR UPDATE` : sql``;
  const [raw] = await queryRows(c.tx, sql`SELECT * FROM runs WHERE org_id = ${orgId} AND id = ${runId}${locking}`);
  return raw ? runRowFrom(raw) : null;
}

/** Appends the run's sync view to the org's change log and returns the view. */
export async function recordRun(c: TxContext, row: RunRow): Promise<Run> {
  const view = runSyncView(row);
  await recordChange(c, { orgId: row.orgId, entity: 'run', entityId: row.id, op: 'upsert', data: view });
  return view;
}

/** The run's and the bots' sync views as change-log entries, the run first. */
export function runAndBotChanges(row: RunRow, botRows: readonly BotRow[]): ChangeInput[] {
  return [
    { orgId: row.orgId, entity: 'run', entityId: row.id, op: 'upsert', data: runSyncView(row) },
    ...botRows.map((b) => ({
      orgId: b.orgId,
      entity: 'bot' as const,
      entityId: b.id,
      op: 'upsert' as const,
      data: botSyncView(b),
    })),
  ];
}

/** Appends the run's and the bots' sync views to the org's change log in one statement; returns the run's view. */
export async function recordRunAndBots(c: TxContext, row: RunRow, botRows: readonly BotRow[]): Promise<Run> {
  await recordChanges(c, row.orgId, runAndBotChanges(row, botRows));
  return runSyncView(row);
}

/** Appends the bot's sync view to the org's change log. */
export async function recordBot(c: TxContext, row: BotRow): Promise<void> {
  await recordChange(c, { orgId: row.orgId, entity: 'bot', entityId: row.id, op: 'upsert', data: botSyncView(row) });
}

/** Sets fields of a bot and answers the updated row. */
export async function writeBot(
  c: TxContext,
  orgId: string,
  botId: string,
  set: Partial<Omit<BotRow, 'orgId' | 'id'>>,
): Promise<BotRow> {
  const [raw] = await queryRows(
    c.tx,
    sql`UPDATE bots SET ${setList(bots, set)} WHERE org_id = ${orgId} AND id = ${botId} RETURNING *`,
  );
  if (!raw) throw botNotFound();
  return botRowFrom(raw);
}

type FactsRow = { updated: number; online: boolean; other_running: boolean; other_queued: boolean };

type RunChange = { run: RunRow; set: Partial<Omit<RunRow, 'orgId' | 'id'>> };

/**
 * Writes `set` to the run and re-derives its bot's status (deriveBotStatus) from the run's new
 * status and, unless that alone decides it, facts read in the same statement — the bot's other
 * runs, its online runners; the bot is written (and answered) when its status changes or `also` is
 * given, else null. The caller holds the bot's and the run's locks, so the statement's snapshot,
 * taken after them, has every fact a concurrent writer of the bot committed. One round trip when
 * the run is running (only `disabled` outranks a running run), else two at most.
 */
export async function updateRunAndBot(
  c: TxContext,
  change: RunChange,
  bot: BotRow | null,
  now: Date,
  also: BotRunFields = {},
): Promise<{ row: RunRow; bot: BotRow | null }> {
  const row: RunRow = { ...change.run, ...change.set };
  if (bot && row.status === 'running') {
    const facts = { online: true, running: true, queued: false, lastRunStatus: bot.lastRunStatus };
    const botSet = botChange(bot, deriveBotStatus({ enabled: bot.enabled, ...facts }), now, also);
    const [updated] = await queryRows<{ runs: number }>(c.tx, runAndBotUpdate(change, bot, botSet));
    if (updated?.runs !== 1) throw runNotFound();
    return { row, bot: botSet ? { ...bot, ...botSet } : null };
  }
  const [facts] = await queryRows<FactsRow>(c.tx, runUpdateWithFacts(change));
  if (facts?.updated !== 1) throw runNotFound();
  if (!bot) return { row, bot: null };
  const status = deriveBotStatus({
    enabled: bot.enabled,
    online: facts.online,
    running: facts.other_running,
    queued: facts.other_queued || row.status === 'queued',
    lastRunStatus: also.lastRunStatus !== undefined ? also.lastRunStatus : bot.lastRunStatus,
  });
  const botSet = botChange(bot, status, now, also);
  return { row, bot: botSet ? await writeBot(c, bot.orgId, bot.id, botSet) : null };
}

/** The bot's fields to write, or null when its status stays and nothing else is written. */
function botChange(bot: BotRow, status: BotRow['status'], now: Date, also: BotRunFields) {
  if (status === bot.status && Object.keys(also).length === 0) return null;
  return { ...also, status, updatedAt: now };
}

function runUpdate({ run, set }: RunChange) {
  return sql`UPDATE runs SET ${setList(runs, set)} WHERE org_id = ${run.orgId} AND id = ${run.id} RETURNING id`;
}

/** The run's update, and the bot's when `botSet` is given, in one statement answering the runs updated. */
function runAndBotUpdate(change: RunChange, bot: BotRow, botSet: Partial<BotRow> | null) {
  const updated = sql`WITH updated AS (${runUpdate(change)}) SELECT count(*)::int AS runs FROM updated`;
  if (!botSet) return updated;
  const botUpdate = sql`UPDATE bots SET ${setList(bots, botSet)} WHERE org_id = ${bot.orgId} AND id = ${bot.id} RETURNING id`;
  return sql`WITH bot AS (${botUpdate}), updated AS (${runUpdate(change)})
    SELECT count(*)::int AS runs FROM updated`;
}

/**
 * The run's update and the facts of its bot besides it (the same facts as refreshBotStatuses in
 * bot-status.ts reads): the main query does not see the CTE's update, so the run is left out.
 */
function runUpdateWithFacts(change: RunChange) {
  const { run } = change;
  return sql`WITH updated AS (${runUpdate(change)})
    SELECT (SELECT count(*) FROM updated)::int AS updated,
      EXISTS (SELECT 1 FROM runners r WHERE r.org_id = ${run.orgId} AND r.status = 'online'
        AND ${run.botId}::uuid = ANY (r.bot_ids)) AS online,
      EXISTS (SELECT 1 FROM runs x WHERE x.org_id = ${run.orgId} AND x.bot_id = ${run.botId}
        AND x.id <> ${run.id} AND x.status = 'running') AS other_running,
      EXISTS (SELECT 1 FROM runs x WHERE x.org_id = ${run.orgId} AND x.bot_id = ${run.botId}
        AND x.id <> ${run.id} AND x.status = 'queued') AS other_queued`;
}
