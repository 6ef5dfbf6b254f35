import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '@shared/schemas/people';
import type { Role } from '@shared/schemas/org';
import type { Bot, Run } from '@shared/schemas/automation';
import { http } from '../../testing/http';
import { startTestServer } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { account } from '../invitations/invitation-fixtures';
import { addMember } from '../sync/test-fixtures';
import { getBot, getRun, heartbeat, makeBot, runNow, runWorld } from '../runs/run-fixtures';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('bots', () => {
  it('are created offline, go idle when a runner declares them, and list by name', async () => {
    const w = await runWorld(server);
    const bot = await makeBot(w, { name: 'Invoice reader', creditsPerRun: 2, creditsPerMinute: 0.5 });
    expect(bot).toMatchObject({ status: 'offline', enabled: true, creditsPerRun: 2, creditsPerMinute: 0.5 });
    expect((await heartbeat(w, 'runner-1', [bot.id])).status).toBe(200);
    expect((await getBot(w, bot.id)).status).toBe('idle');
    const list = await http<{ bots: Bot[] }>(server, 'GET', `/v1/orgs/${w.orgId}/bots`, { token: w.owner.token });
    expect(list.body.bots.map((b) => b.name)).toEqual(['Invoice reader']);
  });

  it('stop at the plan limit with a message that says what to do', async () => {
    const w = await runWorld(server, 'free');
    for (let i = 0; i < 5; i += 1) await makeBot(w);
    const res = await http(server, 'POST', `/v1/orgs/${w.orgId}/bots`, {
      token: w.owner.token,
      body: { name: 'Sixth' },
    });
    expect(res.status).toBe(402);
    expect(res.body).toMatchObject({ error: { code: 'limit_reached' } });
    expect(JSON.stringify(res.body)).toMatch(/Free plan includes 5 bots/);
  });

  it('refuse runs while disabled, and disabling cancels their queued runs with the reason', async () => {
    const w = await runWorld(server);
    const bot = await makeBot(w, { name: 'Payroll' });
    await heartbeat(w, 'runner-1', [bot.id]);
    const queued = await runNow(w, bot.id);
    expect(queued.status).toBe(200);
    expect((await getBot(w, bot.id)).status).toBe('queued');

    const off = await http<Bot>(server, 'PATCH', `/v1/orgs/${w.orgId}/bots/${bot.id}`, {
      token: w.owner.token,
      body: { enabled: false },
    });
    expect(off.body).toMatchObject({ enabled: false, status: 'disabled' });
    expect(await getRun(w, queued.body.id)).toMatchObject({
      status: 'cancelled',
      error: 'Cancelled: the bot was disabled',
    });
    const refused = await runNow(w, bot.id);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      error: { code: 'conflict', message: 'Bot Payroll is disabled; enable it to run' },
    });

    const on = await http<Bot>(server, 'PATCH', `/v1/orgs/${w.orgId}/bots/${bot.id}`, {
      token: w.owner.token,
      body: { enabled: true },
    });
    expect(on.body).toMatchObject({ enabled: true, status: 'idle' });
    const audit = await http<{ events: AuditEvent[] }>(server, 'GET', `/v1/orgs/${w.orgId}/audit-events`, {
      token: w.owner.token,
    });
    expect(audit.body.events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['bot.created', 'bot.disabled', 'bot.enabled']),
    );
  });

  it('let a role with bots.toggle only toggle, not edit', async () => {
    const w = await runWorld(server);
    const bot = await makeBot(w);
    const role = await http<Role>(server, 'POST', `/v1/orgs/${w.orgId}/roles`, {
      token: w.owner.token,
      body: { name: 'Switcher', rank: 12, permissions: ['bots.read', 'bots.toggle'] },
    });
    expect(role.status).toBe(200);
    const toggler = await account(server, 'toggler');
    const memberId = await addMember(server, w.orgId, toggler.userId, 'viewer');
    await http(server, 'PATCH', `/v1/orgs/${w.orgId}/members/${memberId}`, {
      token: w.owner.token,
      body: { roleId: role.body.id },
    });
    const path = `/v1/orgs/${w.orgId}/bots/${bot.id}`;
    expect((await http(server, 'PATCH', path, { token: toggler.token, body: { enabled: false } })).status).toBe(200);
    const mixed = await http(server, 'PATCH', path, { token: toggler.token, body: { enabled: true, name: 'Renamed' } });
    expect(mixed.status).toBe(403);
    expect(JSON.stringify(mixed.body)).toMatch(/bots\.manage/);
    expect((await getBot(w, bot.id)).enabled).toBe(false);
  });

  it('deleted keep their run history under their name', async () => {
    const w = await runWorld(server);
    const bot = await makeBot(w, { name: 'Short-lived' });
    const run = (await runNow(w, bot.id)).body;
    const del = await http(server, 'DELETE', `/v1/orgs/${w.orgId}/bots/${bot.id}`, { token: w.owner.token });
    expect(del.status).toBe(200);
    expect((await http(server, 'GET', `/v1/orgs/${w.orgId}/bots/${bot.id}`, { token: w.owner.token })).status).toBe(
      404,
    );
    expect(await getRun(w, run.id)).toMatchObject<Partial<Run>>({
      botName: 'Short-lived',
      status: 'cancelled',
      error: 'Cancelled: the bot was deleted',
    });
  });
});
