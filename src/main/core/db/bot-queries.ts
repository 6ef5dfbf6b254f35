import type { Bot, Run, Runner, Trigger } from '@shared/schemas/automation';
import type { AlertRule } from '@shared/schemas/usage';
import { cachedStatement } from './connection';
import type { LocalDb } from './connection';
import { parseEntity } from './entities';

type JsonRow = { json: string };

// Every read takes the pending overlay when there is one (`local` wins over `data`).
const visible = 'coalesce(local, data) AS json';

export function listBots(db: LocalDb, orgId: string): Bot[] {
  const rows = cachedStatement(db, `SELECT ${visible} FROM bots WHERE org_id = ? ORDER BY name COLLATE NOCASE, id`).all(
    orgId,
  ) as JsonRow[];
  return rows.map((r) => parseEntity('bot', JSON.parse(r.json)));
}

export function visibleBot(db: LocalDb, orgId: string, botId: string): Bot | null {
  const row = cachedStatement(db, `SELECT ${visible} FROM bots WHERE org_id = ? AND id = ?`).get(orgId, botId) as
    JsonRow | undefined;
  return row ? parseEntity('bot', JSON.parse(row.json)) : null;
}

export function listTriggers(db: LocalDb, orgId: string, botId?: string): Trigger[] {
  const rows = (
    botId === undefined
      ? cachedStatement(db, `SELECT ${visible} FROM triggers WHERE org_id = ?`).all(orgId)
      : cachedStatement(db, `SELECT ${visible} FROM triggers WHERE org_id = ? AND bot_id = ?`).all(orgId, botId)
  ) as JsonRow[];
  return rows
    .map((r) => parseEntity('trigger', JSON.parse(r.json)))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export function visibleTrigger(db: LocalDb, orgId: string, triggerId: string): Trigger | null {
  const row = cachedStatement(db, `SELECT ${visible} FROM triggers WHERE org_id = ? AND id = ?`).get(
    orgId,
    triggerId,
  ) as JsonRow | undefined;
  return row ? parseEntity('trigger', JSON.parse(row.json)) : null;
}

/** Runners that declared this bot in their last heartbeat, online ones first. */
export function runnersServing(db: LocalDb, orgId: string, botId: string): Runner[] {
  const rows = cachedStatement(
    db,
    `SELECT ${visible} FROM runners
     WHERE org_id = ?
       AND EXISTS (SELECT 1 FROM json_each(json_extract(coalesce(local, data), '$.botIds')) WHERE value = ?)
     ORDER BY status DESC, id`,
  ).all(orgId, botId) as JsonRow[];
  return rows.map((r) => parseEntity('runner', JSON.parse(r.json)));
}

/** The latest runs of a bot, newest first (by the indexed queue time). */
export function recentRunsOf(db: LocalDb, orgId: string, botId: string, limit: number): Run[] {
  const rows = cachedStatement(
    db,
    `SELECT ${visible} FROM runs WHERE org_id = ? AND bot_id = ? ORDER BY queued_at DESC, id DESC LIMIT ?`,
  ).all(orgId, botId, limit) as JsonRow[];
  return rows.map((r) => parseEntity('run', JSON.parse(r.json)));
}

/** Per-bot counts and sums over the local runs queued since an instant. */
export type RunAggregate = {
  botId: string;
  runs: number;
  succeeded: number;
  failed: number;
  credits: number;
};

/**
 * Aggregates the org's local runs queued at or after `since` (ISO instants compare as text), per
 * bot, or for one bot; SQL sums over the indexed columns, no run rows leave SQLite.
 */
export function runAggregates(db: LocalDb, orgId: string, since: string, botId?: string): RunAggregate[] {
  const select = `SELECT bot_id AS botId, count(*) AS runs,
       coalesce(sum(status = 'succeeded'), 0) AS succeeded,
       coalesce(sum(status = 'failed'), 0) AS failed,
       coalesce(sum(credits), 0) AS credits
     FROM runs`;
  if (botId !== undefined) {
    return cachedStatement(db, `${select} WHERE org_id = ? AND bot_id = ? AND queued_at >= ? GROUP BY bot_id`).all(
      orgId,
      botId,
      since,
    ) as RunAggregate[];
  }
  return cachedStatement(db, `${select} WHERE org_id = ? AND queued_at >= ? GROUP BY bot_id`).all(
    orgId,
    since,
  ) as RunAggregate[];
}

export function visibleAlertRule(db: LocalDb, orgId: string, ruleId: string): AlertRule | null {
  const row = cachedStatement(db, `SELECT ${visible} FROM alert_rules WHERE org_id = ? AND id = ?`).get(
    orgId,
    ruleId,
  ) as JsonRow | undefined;
  return row ? parseEntity('alertRule', JSON.parse(row.json)) : null;
}
