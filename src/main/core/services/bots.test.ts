import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accept, invite } from '../../../../server/src/features/invitations/invitation-fixtures';
import {
  getBot,
  heartbeat,
  getRun,
  makeBot,
  report,
  runWorld,
  startRun,
  testClock,
} from '../../../../server/src/features/runs/run-fixtures';
import type { RunWorld } from '../../../../server/src/features/runs/run-fixtures';
import { http } from '../../../../server/src/testing/http';
import { signUpUser, startTestServer, testPassword, uniqueEmail } from '../../../../server/src/testing/test-server';
import type { TestServer } from '../../../../server/src/testing/test-server';
import type { Notice } from '@shared/ipc';
import type { RunProgressEvent } from '@shared/ipc-bots';
import type { Run } from '@shared/schemas/automation';
import { createSwitchableNetwork } from '../testing/switchable-network';
import { openTestCore } from '../testing/test-core';
import type { TestCore } from '../testing/test-core';
import { waitUntil } from '../testing/wait';

const dayMs = 86_400_000;
let server: TestServer;
const clock = testClock(new Date());

beforeAll(async () => {
  server = await startTestServer({ now: clock.now });
});

afterAll(async () => {
  await server?.close();
});

async function ownerDesk(w: RunWorld, fetchFn?: typeof fetch): Promise<TestCore> {
  const desk = await openTestCore(fetchFn ? { fetch: fetchFn } : {});
  await desk.call('session.signIn', { serverUrl: server.url, email: w.owner.email, password: testPassword });
  return desk;
}

async function botOnDesk(desk: TestCore, orgId: string, botId: string) {
  return waitUntil(async () => {
    const orgs = await desk.call('orgs.list', {});
    if (!orgs.some((o) => o.org.id === orgId && o.local.state === 'ready')) return undefined;
    return (await desk.call('bots.list', { orgId })).find((b) => b.bot.id === botId);
  }, 'the bot on the desktop');
}

async function pushed(desk: TestCore): Promise<void> {
  await waitUntil(async () => (await desk.call('sync.status', {})).pendingCount === 0, 'the change pushed');
}

/** Starts a run as the runner key would and reports its outcome (the server measures and charges). */
async function finishedRun(w: RunWorld, botId: string, status: 'succeeded' | 'failed'): Promise<Run> {
  const started = await startRun(w, botId, crypto.randomUUID());
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  const done = await report(w, started.body.id, { status, ...(status === 'failed' ? { error: 'Portal down' } : {}) });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return done.body;
}

describe('bots on the desktop', () => {
  it('disables a bot at once, the server confirms it, and run now is then refused with the reason', async () => {
    const w = await runWorld(server);
    const bot = await makeBot(w, { name: 'Invoice bot' });
    const desk = await ownerDesk(w);
    expect((await botOnDesk(desk, w.orgId, bot.id)).bot.enabled).toBe(true);

    await desk.call('mutate', { orgId: w.orgId, name: 'bot.setEnabled', args: { botId: bot.id, enabled: false } });

    const local = (await desk.call('bots.list', { orgId: w.orgId })).find((b) => b.bot.id === bot.id);
    expect(local?.bot).toMatchObject({ enabled: false, status: 'disabled' });
    await pushed(desk);
    expect(await getBot(w, bot.id)).toMatchObject({ enabled: false, status: 'disabled' });
    const refused = await desk.fail('mutate', { orgId: w.orgId, name: 'bot.runNow', args: { botId: bot.id } });
    expect(refused.code).toBe('conflict');
    expect(refused.message).toMatch(/disabled/);

    await desk.call('mutate', { orgId: w.orgId, name: 'bot.setEnabled', args: { botId: bot.id, enabled: true } });
    // No runner serves it yet, so it comes back offline, locally and on the server alike.
    expect((await desk.call('bots.get', { orgId: w.orgId, botId: bot.id })).bot).toMatchObject({
      enabled: true,
      status: 'offline',
    });
    await pushed(desk);
    expect(await getBot(w, bot.id)).toMatchObject({ enabled: true, status: 'offline' });
    await desk.close();
  });

  it('reverts a toggle the server refuses and says why', async () => {
    const w = await runWorld(server);
    const bot = await makeBot(w, { name: 'Payroll bot' });
    const email = uniqueEmail('dev');
    const dev = await signUpUser(server, { email, name: 'Dee Developer' });
    const roles = await http<{ roles: { id: string; key: string | null }[] }>(
      server,
      'GET',
      `/v1/orgs/${w.orgId}/roles`,
      {
        token: w.owner.token,
      },
    );
    const roleId = (key: string) => roles.body.roles.find((r) => r.key === key)?.id ?? '';
    const { token } = await invite(server, w.owner, w.orgId, { email, roleId: roleId('developer') });
    expect((await accept(server, { token: dev.token, userId: dev.user.id, email }, token)).status).toBe(200);
    const net = createSwitchableNetwork();
    const desk = await openTestCore({ fetch: net.fetch });
    await desk.call('session.signIn', { serverUrl: server.url, email, password: testPassword });
    await botOnDesk(desk, w.orgId, bot.id);
    const { memberId } = await desk.call('orgs.get', { orgId: w.orgId });
    const notices: Notice[] = [];
    desk.core.on('notice', (n) => notices.push(n));

    // While this desktop is offline, the owner makes Dee a viewer, who may not toggle bots.
    net.cut();
    const demoted = await http(server, 'PATCH', `/v1/orgs/${w.orgId}/members/${memberId}`, {
      token: w.owner.token,
      body: { roleId: roleId('viewer') },
    });
    expect(demoted.status).toBe(200);
    await desk.call('mutate', { orgId: w.orgId, name: 'bot.setEnabled', args: { botId: bot.id, enabled: false } });
    expect((await desk.call('bots.get', { orgId: w.orgId, botId: bot.id })).bot.status).toBe('disabled');
    net.restore();
    await desk.call('sync.retry', {});

    const notice = await waitUntil(() => notices.find((n) => n.title === 'A change was not saved'), 'the refusal');
    expect(notice.message).toMatch(/refused and undone/);
    expect(notice.message).toMatch(/bots\.toggle|not allow|permission/i);
    const back = await botOnDesk(desk, w.orgId, bot.id);
    expect(back.bot.enabled).toBe(true);
    expect(back.bot.status).not.toBe('disabled');
    expect((await getBot(w, bot.id)).enabled).toBe(true);
    await desk.close();
  });

  it('derives today’s runs, the 30-day success rate and credits from the local runs', async () => {
    const w = await runWorld(server);
    const bot = await makeBot(w, { name: 'Report bot', creditsPerRun: 2 });
    const other = await makeBot(w, { name: 'Other bot' });
    clock.advance(-40 * dayMs);
    const old = await finishedRun(w, bot.id, 'succeeded');
    clock.advance(40 * dayMs);
    const recent = [
      await finishedRun(w, bot.id, 'succeeded'),
      await finishedRun(w, bot.id, 'succeeded'),
      await finishedRun(w, bot.id, 'failed'),
    ];
    await finishedRun(w, other.id, 'failed');
    const toCancel = await startRun(w, bot.id, crypto.randomUUID());
    const waiting = await startRun(w, bot.id, crypto.randomUUID());
    expect((await heartbeat(w, 'runner-a', [bot.id])).status).toBe(200);
    const desk = await ownerDesk(w);
    await botOnDesk(desk, w.orgId, bot.id);

    const cancelled = (await desk.call('mutate', {
      orgId: w.orgId,
      name: 'run.cancel',
      args: { runId: toCancel.body.id },
    })) as Run;
    expect(cancelled.status).toBe('cancelled');
    await desk.call('mutate', {
      orgId: w.orgId,
      name: 'trigger.create',
      args: {
        botId: bot.id,
        name: 'Weekday mornings',
        kind: 'schedule',
        cron: '0 9 * * 1-5',
        timeZone: 'Europe/Berlin',
      },
    });

    const expectedCredits = (await Promise.all(recent.map((r) => getRun(w, r.id)))).reduce((n, r) => n + r.credits, 0);
    expect(expectedCredits).toBeGreaterThan(0);
    const listed = (await desk.call('bots.list', { orgId: w.orgId })).find((b) => b.bot.id === bot.id);
    expect(listed?.figures).toEqual({
      runsToday: 5,
      runs30d: 5,
      succeeded30d: 2,
      failed30d: 1,
      successRate30d: 2 / 3,
      credits30d: expectedCredits,
    });
    const detail = await desk.call('bots.get', { orgId: w.orgId, botId: bot.id });
    expect(detail.figures).toEqual(listed?.figures);
    expect(detail.triggers.map((t) => t.name)).toEqual(['Weekday mornings']);
    expect(detail.runners.map((r) => [r.runnerKey, r.status])).toEqual([['runner-a', 'online']]);
    expect(detail.recentRuns.map((r) => r.id)).toEqual([
      waiting.body.id,
      toCancel.body.id,
      ...recent.map((r) => r.id).reverse(),
      old.id,
    ]);
    const otherFigures = (await desk.call('bots.list', { orgId: w.orgId })).find((b) => b.bot.id === other.id);
    expect(otherFigures?.figures).toMatchObject({ runsToday: 1, successRate30d: 0 });
    expect(await desk.call('triggers.list', { orgId: w.orgId })).toEqual([
      expect.objectContaining({ botName: 'Report bot', trigger: expect.objectContaining({ kind: 'schedule' }) }),
    ]);
    await desk.close();
  });

  it('pauses a trigger at once and forwards live run progress', async () => {
    const w = await runWorld(server);
    const bot = await makeBot(w, { name: 'Live bot' });
    const desk = await ownerDesk(w);
    await botOnDesk(desk, w.orgId, bot.id);
    const progress: RunProgressEvent[] = [];
    desk.core.on('runs.progress', (p) => progress.push(p));
    const created = (await desk.call('mutate', {
      orgId: w.orgId,
      name: 'trigger.create',
      args: { botId: bot.id, name: 'Hourly', kind: 'schedule', cron: '0 * * * *', timeZone: 'UTC' },
    })) as { trigger: { id: string } };

    await desk.call('mutate', {
      orgId: w.orgId,
      name: 'trigger.setEnabled',
      args: { triggerId: created.trigger.id, enabled: false },
    });

    expect((await desk.call('triggers.list', { orgId: w.orgId }))[0]?.trigger.enabled).toBe(false);
    await pushed(desk);
    await desk.call('sync.retry', {});
    expect((await desk.call('triggers.list', { orgId: w.orgId }))[0]?.trigger.enabled).toBe(false);

    const run = await startRun(w, bot.id, crypto.randomUUID());
    await report(w, run.body.id, { status: 'running', progress: 40, step: 'Log in' });
    const heard = await waitUntil(() => progress.find((p) => p.runId === run.body.id), 'the progress signal');
    expect(heard).toMatchObject({ orgId: w.orgId, botId: bot.id, progress: 40, step: 'Log in' });
    await desk.close();
  });
});
