import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Trigger } from '@shared/schemas/automation';
import { createApp } from '../../app';
import { openDatabase } from '../../db/client';
import type { Database } from '../../db/client';
import { triggers } from '../../db/schema';
import { configuredDatabaseUrl } from '../../env';
import { http } from '../../testing/http';
import { startTestServer } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { newTeam } from '../members/test-fixtures';
import type { Team } from '../members/test-fixtures';
import { botIn, createTrigger, firesOf, runsOf, setBotEnabled } from './trigger-fixtures';
import { runSchedulerPass } from './scheduler';

// The schedule job, driven pass by pass with the server clock pinned (the app's own timer runs on
// the same pinned clock, so whichever pass gets there first, a slot fires once).

let clock = new Date('2031-03-03T07:59:00Z');
let server: TestServer;
let team: Team;

beforeAll(async () => {
  server = await startTestServer({ now: () => clock });
  team = await newTeam(server);
});
afterAll(async () => {
  await server?.close();
});

const setClock = (iso: string) => {
  clock = new Date(iso);
  return clock;
};

async function schedule(cron: string, opts: { botEnabled?: boolean } = {}) {
  const botId = await botIn(server, team.org.id, { enabled: opts.botEnabled ?? true });
  const res = await createTrigger(server, team.owner.token, team.org.id, {
    botId,
    name: `Every ${cron}`,
    kind: 'schedule',
    cron,
    timeZone: 'UTC',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { botId, trigger: res.body.trigger };
}

async function current(triggerId: string): Promise<Trigger | undefined> {
  const res = await http<{ triggers: Trigger[] }>(server, 'GET', `/v1/orgs/${team.org.id}/triggers`, {
    token: team.owner.token,
  });
  return res.body.triggers.find((t) => t.id === triggerId);
}

describe('the scheduler', () => {
  it('fires a due slot once and schedules the next', async () => {
    setClock('2031-03-03T07:59:00Z');
    const { trigger } = await schedule('*/15 * * * *');
    expect(trigger.nextFireAt).toBe('2031-03-03T08:00:00.000Z');
    const now = setClock('2031-03-03T08:00:02Z');
    await runSchedulerPass(server.app.database, now);
    await runSchedulerPass(server.app.database, now);

    const fired = await runsOf(server, team.org.id, trigger.id);
    expect(fired.map((r) => [r.status, r.startedBy, r.idempotencyKey])).toEqual([
      ['queued', 'Every */15 * * * *', `trigger:${trigger.id}:2031-03-03T08:00:00.000Z`],
    ]);
    expect(await current(trigger.id)).toMatchObject({
      lastFiredAt: '2031-03-03T08:00:02.000Z',
      nextFireAt: '2031-03-03T08:15:00.000Z',
    });
  });

  it('never fires a claimed slot again, even when a stale next fire time points at it', async () => {
    setClock('2031-03-03T07:59:00Z');
    const { trigger } = await schedule('0 8 * * *');
    const now = setClock('2031-03-03T08:00:01Z');
    await runSchedulerPass(server.app.database, now);
    // As a process that read the trigger before the first one moved it on would see it.
    await server.app.database.db
      .update(triggers)
      .set({ nextFireAt: new Date('2031-03-03T08:00:00Z') })
      .where(and(eq(triggers.orgId, team.org.id), eq(triggers.id, trigger.id)));
    await runSchedulerPass(server.app.database, now);
    expect(await runsOf(server, team.org.id, trigger.id)).toHaveLength(1);
    expect((await current(trigger.id))?.nextFireAt).toBe('2031-03-04T08:00:00.000Z');
  });

  it('after downtime fires only the latest missed slot within the hour, then the next future one', async () => {
    setClock('2031-03-03T07:59:00Z');
    const { trigger } = await schedule('0 * * * *');
    const now = setClock('2031-03-03T11:30:00Z');
    await runSchedulerPass(server.app.database, now);
    expect((await firesOf(server, team.org.id, trigger.id)).map((f) => f.slot.toISOString())).toEqual([
      '2031-03-03T11:00:00.000Z',
    ]);
    expect(await runsOf(server, team.org.id, trigger.id)).toHaveLength(1);
    expect((await current(trigger.id))?.nextFireAt).toBe('2031-03-03T12:00:00.000Z');
  });

  it('skips a missed slot older than an hour without a run', async () => {
    setClock('2031-03-03T07:59:00Z');
    const { trigger } = await schedule('0 6 * * *');
    expect(trigger.nextFireAt).toBe('2031-03-04T06:00:00.000Z');
    const now = setClock('2031-03-04T08:00:00Z');
    await runSchedulerPass(server.app.database, now);
    expect(await runsOf(server, team.org.id, trigger.id)).toEqual([]);
    expect(await current(trigger.id)).toMatchObject({ lastFiredAt: null, nextFireAt: '2031-03-05T06:00:00.000Z' });
  });

  it("records a disabled bot's slot as skipped, without a run or an error", async () => {
    setClock('2031-03-03T07:59:00Z');
    const { trigger, botId } = await schedule('0 8 * * *');
    await setBotEnabled(server, team.org.id, botId, false);
    const errors: unknown[] = [];
    const now = setClock('2031-03-03T08:00:01Z');
    await runSchedulerPass(server.app.database, now, (error) => errors.push(error));
    expect(errors).toEqual([]);
    expect(await runsOf(server, team.org.id, trigger.id)).toEqual([]);
    expect((await firesOf(server, team.org.id, trigger.id)).map((f) => [f.slot.toISOString(), f.runId])).toEqual([
      ['2031-03-03T08:00:00.000Z', null],
    ]);
    expect((await current(trigger.id))?.nextFireAt).toBe('2031-03-04T08:00:00.000Z');
  });
});

const databaseUrl = configuredDatabaseUrl();

// PGlite is one connection in one process: two processes need PostgreSQL.
describe.skipIf(!databaseUrl)('the scheduler across two server processes (PostgreSQL only)', () => {
  let second: { close(): Promise<void>; database: Database };
  beforeAll(async () => {
    const env = server.app.config;
    const database = await openDatabase({ databaseUrl: env.DATABASE_URL });
    const app = await createApp({ env, database, now: () => clock });
    await app.ready();
    second = {
      database,
      async close() {
        await app.close();
        await database.close();
      },
    };
  });
  afterAll(async () => {
    await second?.close();
  });

  it('queues exactly one run per slot when both run the job at once', async () => {
    setClock('2031-03-10T07:59:00Z');
    const due = await Promise.all(Array.from({ length: 12 }, () => schedule('0 8 * * *')));
    const now = setClock('2031-03-10T08:00:01Z');
    const databases = [server.app.database, second.database];
    await Promise.all(Array.from({ length: 8 }, (_, i) => runSchedulerPass(databases[i % 2] as Database, now)));
    for (const { trigger } of due) {
      expect(await runsOf(server, team.org.id, trigger.id)).toHaveLength(1);
      expect(await firesOf(server, team.org.id, trigger.id)).toHaveLength(1);
    }
  });
});
