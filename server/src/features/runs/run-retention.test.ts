import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/tx';
import { http } from '../../testing/http';
import { startTestServer } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { makeBot, runNow, runWorld } from './run-fixtures';
import type { RunWorld } from './run-fixtures';
import { pruneRuns } from './run-retention';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const dayMs = 24 * 60 * 60_000;

/** A run queued `daysAgo` days ago, cancelled (finished) unless `finished` is false. */
async function runAged(w: RunWorld, botId: string, daysAgo: number, finished = true): Promise<string> {
  const run = (await runNow(w, botId)).body;
  if (finished) await http(server, 'POST', `/v1/orgs/${w.orgId}/runs/${run.id}/cancel`, { token: w.owner.token });
  const at = new Date(Date.now() - daysAgo * dayMs).toISOString();
  // As the schema owner: backdating is test setup, not something request code may do.
  await server.app.database.db.execute(
    sql`UPDATE runs SET queued_at = ${at}::timestamptz WHERE org_id = ${w.orgId}::uuid AND id = ${run.id}::uuid`,
  );
  return run.id;
}

async function runIds(w: RunWorld): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    server.app.database.db,
    sql`SELECT id FROM runs WHERE org_id = ${w.orgId}::uuid ORDER BY id`,
  );
  return rows.map((r) => r.id);
}

async function orgVersion(w: RunWorld): Promise<number> {
  const [row] = await queryRows<{ version: string | number }>(
    server.app.database.db,
    sql`SELECT version FROM organizations WHERE id = ${w.orgId}::uuid`,
  );
  return Number(row?.version);
}

describe('run retention', () => {
  it('deletes finished runs past their plan’s retention, keeps the rest, and logs no change', async () => {
    const free = await runWorld(server, 'free');
    const team = await runWorld(server, 'team');
    const freeBot = await makeBot(free);
    const teamBot = await makeBot(team);
    // Free keeps 30 days, Team 90 (src/shared/plans.ts).
    const freeOld = await runAged(free, freeBot.id, 31);
    const freeRecent = await runAged(free, freeBot.id, 29);
    const freeOldQueued = await runAged(free, freeBot.id, 31, false);
    const teamOld = await runAged(team, teamBot.id, 31);
    const teamAncient = await runAged(team, teamBot.id, 91);
    const versionBefore = await orgVersion(free);

    expect(await pruneRuns(server.app.database, new Date())).toBeGreaterThanOrEqual(2);

    const freeLeft = await runIds(free);
    expect(freeLeft).not.toContain(freeOld);
    expect(freeLeft).toContain(freeRecent);
    expect(freeLeft).toContain(freeOldQueued);
    const teamLeft = await runIds(team);
    expect(teamLeft).toContain(teamOld);
    expect(teamLeft).not.toContain(teamAncient);
    // Retention is not a sync change: the org's log did not move.
    expect(await orgVersion(free)).toBe(versionBefore);
    // The history no longer lists it.
    const page = await http<{ runs: { id: string }[] }>(server, 'GET', `/v1/orgs/${free.orgId}/runs`, {
      token: free.owner.token,
    });
    expect(page.body.runs.map((r) => r.id)).not.toContain(freeOld);
  });
});
