import { and, eq, getTableColumns } from 'drizzle-orm';
import { AppError } from '@shared/errors';
import type { Run } from '@shared/schemas/automation';
import { bots, runs } from '../../db/schema';
import type { BotRow, RunRow } from '../../db/schema';
import type { TxContext } from '../../db/tx';
import { botSyncView } from '../bots/bot-views';
import { recordChange, recordChanges } from '../sync/change-log';
import type { ChangeInput } from '../sync/change-log';
import { runSyncView } from './run-views';

// Reads and change-log writes of runs and bots shared by run now, retry, cancel, the runner protocol
// and the sweeper. Writers update every row first and record the changes last: the change log locks
// the org's version row, and taking it before a bot or run row lock could deadlock with a writer
// that holds that row and waits for the org.

export const runNotFound = () => new AppError('not_found', 'Run not found');
export const botNotFound = () => new AppError('not_found', 'Bot not found');

/** The bot, locked until commit so enabling, disabling and queueing runs of it serialize. */
export async function lockBot(c: TxContext, orgId: string, botId: string): Promise<BotRow | null> {
  const [row] = await c.tx
    .select()
    .from(bots)
    .where(and(eq(bots.orgId, orgId), eq(bots.id, botId)))
    .for('update');
  return row ?? null;
}

const runColumns = Object.entries(getTableColumns(runs));

/** A runs row as a raw statement answers it (column names, driver values) in the shape drizzle selects. */
export function runRowFrom(raw: Record<string, unknown>): RunRow {
  const row: Record<string, unknown> = {};
  for (const [key, column] of runColumns) {
    const value = raw[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as RunRow;
}

export async function findRun(c: TxContext, orgId: string, runId: string, lock = false): Promise<RunRow | null> {
  const query = c.tx
    .select()
    .from(runs)
    .where(and(eq(runs.orgId, orgId), eq(runs.id, runId)));
  const [row] = lock ? await query.for('update') : await query;
  return row ?? null;
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
  const [row] = await c.tx
    .update(bots)
    .set(set)
    .where(and(eq(bots.orgId, orgId), eq(bots.id, botId)))
    .returning();
  if (!row) throw botNotFound();
  return row;
}
