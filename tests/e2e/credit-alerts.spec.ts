import type { Page } from '@playwright/test';
import { expect, newUser, test } from './support/fixtures';
import type { Desk, ShellView } from './support/fixtures';
import { startRunner } from './support/processes';
import type { Running } from './support/processes';
import { serverSession } from './support/server-api';
import { orgIdOf, screenshot, signUpAndVerify } from './support/user-center';

let runner: Running | null = null;
test.afterEach(async () => {
  await runner?.stop();
  runner = null;
});

/** Polls the shell the bridge records (notifications, tray) until `check` holds. */
async function shellWhen(desk: Desk, check: (shell: ShellView) => boolean): Promise<ShellView> {
  let last: ShellView | null = null;
  await expect
    .poll(
      async () => {
        last = await desk.shell();
        return check(last);
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return last as unknown as ShellView;
}

const chart = (page: Page) => page.getByRole('figure', { name: /Credits consumed per day this period/ });
const alerts = (shell: ShellView) => shell.notifications.filter((n) => n.title.startsWith('Credits running low'));

test('the runner consumes credits until the 20% rule fires: notification, live overview, tray warning; a top-up clears it', async ({
  page,
  desk,
}) => {
  const owner = newUser('Carla Credits');
  await signUpAndVerify(page, desk, owner);
  const orgId = orgIdOf(page);
  const balance = page.getByTestId('credit-balance');
  await expect(balance).toHaveText('1,000');
  expect((await desk.shell()).tray?.warning).toBe(false);

  // A bot costing 450 credits a run, served by the reference runner (set up over the API: the bots
  // and API keys specs cover those screens).
  const api = await serverSession(desk.server.url, owner);
  const bot = await api.call<{ id: string }>('POST', `/v1/orgs/${orgId}/bots`, {
    name: 'Invoice run',
    creditsPerRun: 450,
    creditsPerMinute: 0,
    steps: [{ name: 'Post invoices', durationMs: 500 }],
  });
  const key = await api.call<{ secret: string }>('POST', `/v1/orgs/${orgId}/api-keys`, {
    name: 'Desk runner',
    type: 'standard',
    scopes: ['runs.execute'],
  });
  runner = await startRunner({ serverUrl: desk.server.url, key: key.secret });

  // First run: 550 left (55%), above both rules. The Overview follows live.
  await api.call('POST', `/v1/orgs/${orgId}/bots/${bot.id}/runs`, {});
  await expect(balance).toHaveText('550', { timeout: 30_000 });
  await expect(chart(page)).toHaveAccessibleName(/: 450 credits over 1 day so far$/);
  expect(alerts(await desk.shell())).toEqual([]);
  await expect(page.getByText('Credits are running low')).toBeHidden();

  // Second run: 100 left (10%) crosses the 20% rule, not the 5% one: one notification.
  await api.call('POST', `/v1/orgs/${orgId}/bots/${bot.id}/runs`, {});
  await expect(balance).toHaveText('100', { timeout: 30_000 });
  const warned = await shellWhen(desk, (s) => alerts(s).length === 1 && s.tray?.warning === true);
  const [alert] = alerts(warned);
  expect(alert?.body).toMatch(/has 100 credits left \(10% of 1,000\)$/);
  expect(alert?.route).toBe(`/orgs/${orgId}/usage`);
  expect(warned.tray?.items.find((i) => i.kind === 'org')?.label).toMatch(/: 100 credits left — running low$/);
  await expect(page.getByText('Credits are running low')).toBeVisible();
  await expect(chart(page)).toHaveAccessibleName(/: 900 credits over 1 day so far$/);
  await screenshot(page, '60-overview-credits-low');

  // Clicking the notification opens the org's Usage page.
  await desk.clickNotification(alert?.route ?? '/');
  await expect(page).toHaveURL(new RegExp(`#/orgs/${orgId}/usage$`));
  await expect(page.getByRole('heading', { name: 'Platform Usage' })).toBeVisible();

  // A top-up re-arms the rule and clears the warning; no new notification.
  await api.call('POST', `/v1/orgs/${orgId}/credits/top-ups`, { credits: 1000 });
  await page.goBack();
  await expect(balance).toHaveText('1,100', { timeout: 30_000 });
  const cleared = await shellWhen(desk, (s) => s.tray?.warning === false);
  expect(alerts(cleared)).toHaveLength(1);
  await expect(page.getByText('Credits are running low')).toBeHidden();
});
