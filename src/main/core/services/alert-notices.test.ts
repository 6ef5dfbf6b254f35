import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debit, finishedRun, orgWithOwner } from '../../../../server/src/features/credits/credits-fixtures';
import type { OrgWithOwner } from '../../../../server/src/features/credits/credits-fixtures';
import { http } from '../../../../server/src/testing/http';
import { startTestServer, testPassword } from '../../../../server/src/testing/test-server';
import type { TestServer } from '../../../../server/src/testing/test-server';
import { MemoryPrefsStore } from '../prefs/memory-prefs-store';
import { createShellRecorder } from '../shell/shell-recorder';
import type { ShellRecorder } from '../shell/shell-recorder';
import { createSwitchableNetwork } from '../testing/switchable-network';
import { openTestCore } from '../testing/test-core';
import type { TestCore } from '../testing/test-core';
import { waitUntil } from '../testing/wait';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

type Desk = { desk: TestCore; shell: ShellRecorder; network: ReturnType<typeof createSwitchableNetwork> };

async function deskOf(w: OrgWithOwner, prefs = new MemoryPrefsStore()): Promise<Desk> {
  const shell = createShellRecorder();
  const network = createSwitchableNetwork();
  const desk = await openTestCore({ fetch: network.fetch, notifier: shell.notifier, tray: shell.tray, prefs });
  await desk.call('session.signIn', { serverUrl: server.url, email: w.owner.email, password: testPassword });
  await balanceOnDesk(desk, w.org.id, 1000);
  return { desk, shell, network };
}

async function balanceOnDesk(desk: TestCore, orgId: string, balance: number): Promise<void> {
  await waitUntil(async () => {
    const orgs = await desk.call('orgs.list', {});
    if (!orgs.some((o) => o.org.id === orgId && o.local.state === 'ready')) return undefined;
    const summary = await desk.call('usage.summary', { orgId });
    return summary.account?.balance === balance ? true : undefined;
  }, `a balance of ${balance} on the desktop`);
}

const spend = (w: OrgWithOwner, credits: number) => debit(server.app.database, w.org.id, finishedRun(credits));
const alertTitles = (shell: ShellRecorder) => shell.notifications.map((n) => `${n.title}: ${n.body}`);

async function addRule(w: OrgWithOwner, threshold: number): Promise<void> {
  const res = await http(server, 'POST', `/v1/orgs/${w.org.id}/alert-rules`, {
    token: w.owner.token,
    body: { kind: 'credits_below', threshold, channels: ['desktop'] },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

describe('credit alerts on the desktop', () => {
  it('notifies once when the balance crosses a rule, opening the org’s usage page, and warns in the tray', async () => {
    const w = await orgWithOwner(server, 'Tray Co');
    const { desk, shell } = await deskOf(w);
    expect(shell.notifications).toEqual([]);
    expect(shell.trayModel?.warning).toBe(false);

    await spend(w, 850);
    await balanceOnDesk(desk, w.org.id, 150);
    await waitUntil(async () => (shell.notifications.length === 1 ? true : undefined), 'the alert notification');
    expect(shell.notifications[0]).toMatchObject({
      title: 'Credits running low in Tray Co',
      body: 'Tray Co has 150 credits left (15% of 1,000)',
      route: `/orgs/${w.org.id}/usage`,
    });
    expect(shell.trayModel?.warning).toBe(true);
    expect(shell.trayModel?.items).toContainEqual({
      kind: 'org',
      orgId: w.org.id,
      label: 'Tray Co: 150 credits left — running low',
    });

    await spend(w, 10); // still below 20%, above 5%: no second alert
    await balanceOnDesk(desk, w.org.id, 140);
    const top = await http(server, 'POST', `/v1/orgs/${w.org.id}/credits/top-ups`, {
      token: w.owner.token,
      body: { credits: 500 },
    });
    expect(top.status).toBe(200);
    await balanceOnDesk(desk, w.org.id, 640);
    expect(shell.notifications).toHaveLength(1);
    expect(shell.trayModel?.warning).toBe(false);
    await desk.close();
  });

  it('shows alerts that fired while offline once after reconnecting, newest first, and none after a restart', async () => {
    const w = await orgWithOwner(server, 'Offline Co');
    await addRule(w, 600);
    const { desk, shell, network } = await deskOf(w);
    await waitUntil(
      async () => ((await desk.call('alerts.rules', { orgId: w.org.id })).length === 3 ? true : undefined),
      'the rules',
    );
    network.cut();
    await spend(w, 500); // 500 < 600
    await spend(w, 350); // 150 < 200 (20%)
    await spend(w, 120); // 30 < 50 (5%)
    expect(shell.notifications).toEqual([]);

    network.restore();
    await balanceOnDesk(desk, w.org.id, 30);
    await waitUntil(async () => (shell.notifications.length >= 3 ? true : undefined), 'three notifications');
    expect(alertTitles(shell)).toEqual([
      'Credits running low in Offline Co: Offline Co has 30 credits left (3% of 1,000)',
      'Credits running low in Offline Co: Offline Co has 150 credits left (15% of 1,000)',
      'Credits running low in Offline Co: Offline Co has 500 credits left (50% of 1,000)',
    ]);
    const events = await desk.call('alerts.events', { orgId: w.org.id, limit: 10 });
    expect(events.map((e) => e.notifiedAt !== null)).toEqual([true, true, true]);

    const shown = shell.notifications.length;
    const again = await desk.reopen();
    await balanceOnDesk(again, w.org.id, 30);
    await again.call('sync.retry', {});
    expect(shell.notifications).toHaveLength(shown);
    await again.close();
  });

  it('sums up a pile of alerts past three in one notification', async () => {
    const w = await orgWithOwner(server, 'Pile Co');
    for (const t of [900, 800, 700]) await addRule(w, t);
    const { desk, shell, network } = await deskOf(w);
    await waitUntil(
      async () => ((await desk.call('alerts.rules', { orgId: w.org.id })).length === 5 ? true : undefined),
      'the rules',
    );
    network.cut();
    for (const credits of [150, 100, 100, 510, 120]) await spend(w, credits); // 850 750 650 140 20
    network.restore();
    await balanceOnDesk(desk, w.org.id, 20);
    await waitUntil(async () => (shell.notifications.length >= 4 ? true : undefined), 'the notifications');
    expect(shell.notifications.map((n) => n.title)).toEqual([
      'Credits running low in Pile Co',
      'Credits running low in Pile Co',
      'Credits running low in Pile Co',
      '2 more credit alerts',
    ]);
    await desk.close();
  });

  it('keeps quiet for a muted org, while paused, and about alerts that fired before this device existed', async () => {
    const w = await orgWithOwner(server, 'Quiet Co');
    await spend(w, 100); // 900 left: no rule crossed yet
    const shell = createShellRecorder();
    const desk = await openTestCore({ notifier: shell.notifier, tray: shell.tray });
    await desk.call('session.signIn', { serverUrl: server.url, email: w.owner.email, password: testPassword });
    await balanceOnDesk(desk, w.org.id, 900);
    await desk.call('alerts.setMuted', { orgId: w.org.id, muted: true });
    await spend(w, 750); // 150: crosses 20%
    await balanceOnDesk(desk, w.org.id, 150);
    expect((await desk.call('usage.summary', { orgId: w.org.id })).muted).toBe(true);
    expect(shell.trayModel?.warning).toBe(false);

    await desk.call('alerts.setMuted', { orgId: w.org.id, muted: false });
    expect(shell.trayModel?.warning).toBe(true);
    await desk.call('app.updateSettings', { notificationsPaused: true });
    await spend(w, 120); // 30: crosses 5%
    await balanceOnDesk(desk, w.org.id, 30);
    expect(shell.notifications).toEqual([]);
    await desk.close();

    // A second device signing in later does not replay the org's old alerts.
    const shell2 = createShellRecorder();
    const second = await openTestCore({ notifier: shell2.notifier, tray: shell2.tray });
    await second.call('session.signIn', { serverUrl: server.url, email: w.owner.email, password: testPassword });
    await balanceOnDesk(second, w.org.id, 30);
    expect((await second.call('alerts.events', { orgId: w.org.id, limit: 10 })).length).toBe(2);
    expect(shell2.notifications).toEqual([]);
    expect(shell2.trayModel?.warning).toBe(true);
    await second.close();
  });
});
