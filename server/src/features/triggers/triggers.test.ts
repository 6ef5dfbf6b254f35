import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Trigger } from '@shared/schemas/automation';
import type { AuditEvent } from '@shared/schemas/people';
import { withTx } from '../../db/tx';
import { http } from '../../testing/http';
import { startTestServer } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { newTeam } from '../members/test-fixtures';
import type { ErrorResponse, Team } from '../members/test-fixtures';
import { pull, push, snapshot } from '../sync/test-fixtures';
import { botIn, createTrigger } from './trigger-fixtures';

// Trigger administration over HTTP and sync push, with the server clock pinned to Monday
// 2031-03-03 07:00 UTC (08:00 in Berlin).

const clock = new Date('2031-03-03T07:00:00Z');
const logLines: string[] = [];
let server: TestServer;
let team: Team;
let botId: string;

beforeAll(async () => {
  server = await startTestServer({ now: () => clock, logDestination: { write: (line) => logLines.push(line) } });
  team = await newTeam(server, ['viewer', 'developer']);
  botId = await botIn(server, team.org.id);
});
afterAll(async () => {
  await server?.close();
});

const path = (suffix = '') => `/v1/orgs/${team.org.id}/triggers${suffix}`;
const owner = () => team.owner.token;
const weekdays = { name: 'Mornings', kind: 'schedule', cron: '0 9 * * 1-5', timeZone: 'Europe/Berlin' };

async function listed(token = owner()): Promise<Trigger[]> {
  const res = await http<{ triggers: Trigger[] }>(server, 'GET', path(), { token });
  expect(res.status).toBe(200);
  return res.body.triggers;
}

async function auditActions(targetId: string): Promise<string[]> {
  const res = await http<{ events: AuditEvent[] }>(server, 'GET', `/v1/orgs/${team.org.id}/audit-events`, {
    token: owner(),
  });
  return res.body.events.filter((e) => e.targetId === targetId).map((e) => e.action);
}

describe('creating triggers', () => {
  it('creates a schedule with its next fire time, lists it and audits it', async () => {
    const res = await createTrigger(server, owner(), team.org.id, { botId, ...weekdays });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.secret).toBeNull();
    expect(res.body.trigger).toMatchObject({
      botId,
      kind: 'schedule',
      cron: '0 9 * * 1-5',
      timeZone: 'Europe/Berlin',
      enabled: true,
      nextFireAt: '2031-03-03T08:00:00.000Z',
      lastFiredAt: null,
    });
    expect((await listed(team.as.viewer?.token)).map((t) => t.id)).toContain(res.body.trigger.id);
    expect(await auditActions(res.body.trigger.id)).toEqual(['trigger.created']);
  });

  it('creates manual triggers and disabled schedules without a next fire time', async () => {
    const manual = await createTrigger(server, owner(), team.org.id, { botId, name: 'By hand', kind: 'manual' });
    expect(manual.body.trigger).toMatchObject({ kind: 'manual', cron: null, nextFireAt: null });
    const off = await createTrigger(server, owner(), team.org.id, { botId, ...weekdays, enabled: false });
    expect(off.body.trigger).toMatchObject({ enabled: false, nextFireAt: null });
  });

  it.each([
    [{ cron: '0 9 * * 1-5 *' }, 'needs five fields'],
    [{ cron: '0 25 * * *' }, 'is not a valid cron'],
    [{ cron: '0 9 * * *', timeZone: 'Europe/Atlantis' }, 'Unknown time zone "Europe/Atlantis"'],
    [{ cron: undefined }, 'needs a cron'],
  ])('refuses a bad schedule %j with a clear message', async (change, words) => {
    const res = await createTrigger(server, owner(), team.org.id, { botId, ...weekdays, ...change });
    expect(res.status).toBe(400);
    expect((res.body as unknown as ErrorResponse).error).toMatchObject({ code: 'validation_failed' });
    expect((res.body as unknown as ErrorResponse).error.message).toContain(words);
  });

  it('refuses a cron on a webhook trigger', async () => {
    const res = await createTrigger(server, owner(), team.org.id, {
      botId,
      name: 'Hook',
      kind: 'webhook',
      cron: '* * * * *',
    });
    expect(res.status).toBe(400);
  });

  it('answers 404 for a bot of another org, 403 for a viewer', async () => {
    const other = await newTeam(server);
    const foreignBot = await botIn(server, other.org.id);
    expect((await createTrigger(server, owner(), team.org.id, { botId: foreignBot, ...weekdays })).status).toBe(404);
    const viewer = team.as.viewer?.token ?? '';
    expect((await createTrigger(server, viewer, team.org.id, { botId, ...weekdays })).status).toBe(403);
  });
});

describe('editing and deleting triggers', () => {
  it('keeps the next fire time on a rename, moves it with the cron, clears it when disabled', async () => {
    const { trigger } = (await createTrigger(server, owner(), team.org.id, { botId, ...weekdays })).body;
    const patch = (body: Record<string, unknown>) =>
      http<Trigger>(server, 'PATCH', path(`/${trigger.id}`), { token: owner(), body });

    const renamed = await patch({ name: 'Weekday mornings' });
    expect(renamed.body).toMatchObject({ name: 'Weekday mornings', nextFireAt: '2031-03-03T08:00:00.000Z' });
    const moved = await patch({ cron: '30 6 * * *', timeZone: 'UTC' });
    expect(moved.body).toMatchObject({ cron: '30 6 * * *', timeZone: 'UTC', nextFireAt: '2031-03-04T06:30:00.000Z' });
    expect((await patch({ enabled: false })).body).toMatchObject({ enabled: false, nextFireAt: null });
    expect((await patch({ enabled: true })).body.nextFireAt).toBe('2031-03-04T06:30:00.000Z');
    expect((await patch({ timeZone: 'Nowhere/Else' })).status).toBe(400);
    expect(await auditActions(trigger.id)).toEqual(Array(4).fill('trigger.updated').concat('trigger.created'));
  });

  it('deletes a trigger: gone from the list, audited, a second delete answers 404', async () => {
    const { trigger } = (await createTrigger(server, owner(), team.org.id, { botId, name: 'Gone', kind: 'manual' }))
      .body;
    const del = () => http(server, 'DELETE', path(`/${trigger.id}`), { token: owner() });
    expect((await del()).status).toBe(200);
    expect((await listed()).map((t) => t.id)).not.toContain(trigger.id);
    expect(await auditActions(trigger.id)).toEqual(['trigger.deleted', 'trigger.created']);
    expect((await del()).status).toBe(404);
  });

  it('toggles through sync push (optimistic) and refuses a viewer', async () => {
    const { trigger } = (await createTrigger(server, owner(), team.org.id, { botId, ...weekdays })).body;
    const mutation = {
      id: 1,
      orgId: team.org.id,
      name: 'trigger.setEnabled',
      args: { triggerId: trigger.id, enabled: false },
    };
    const refused = await push(server, team.as.viewer?.token ?? '', crypto.randomUUID(), [mutation]);
    expect(refused.body.outcomes[0]).toMatchObject({ status: 'refused', error: { code: 'forbidden' } });
    const applied = await push(server, team.as.developer?.token ?? '', crypto.randomUUID(), [mutation]);
    expect(applied.body.outcomes[0]).toMatchObject({ status: 'applied' });
    expect((await listed()).find((t) => t.id === trigger.id)).toMatchObject({ enabled: false, nextFireAt: null });
  });
});

describe('webhook secrets', () => {
  it('shows a secret once: never in lists, sync, snapshots, logs, nor readable by request code', async () => {
    const created = await createTrigger(server, owner(), team.org.id, { botId, name: 'Incoming', kind: 'webhook' });
    const secret = created.body.secret ?? '';
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rotated = await http<{ secret: string }>(server, 'POST', path(`/${created.body.trigger.id}/rotate-secret`), {
      token: owner(),
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(secret);

    const everywhere = JSON.stringify([
      await listed(),
      (await pull(server, owner(), crypto.randomUUID(), { [team.org.id]: 0 })).body,
      (await snapshot(server, owner(), team.org.id)).text,
      logLines,
    ]);
    expect(everywhere).toContain(created.body.trigger.id);
    expect(everywhere).not.toContain(secret);
    expect(everywhere).not.toContain(rotated.body.secret);
    const reading = await withTx(server.app.database, { userId: null, orgId: team.org.id }, (c) =>
      c.tx.execute(sql`SELECT webhook_secret FROM triggers`),
    ).catch((error: unknown) => error as Error);
    expect(String((reading as Error).cause)).toMatch(/permission denied/);
  });

  it('rotates webhook secrets only', async () => {
    const { trigger } = (await createTrigger(server, owner(), team.org.id, { botId, name: 'By hand', kind: 'manual' }))
      .body;
    const res = await http(server, 'POST', path(`/${trigger.id}/rotate-secret`), { token: owner() });
    expect(res.status).toBe(400);
    expect((res.body as unknown as ErrorResponse).error.message).toContain('only webhooks have a secret');
  });
});
