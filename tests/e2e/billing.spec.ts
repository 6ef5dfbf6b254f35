import type { Page } from '@playwright/test';
import { expect, newUser, test } from './support/fixtures';
import { seedRuns } from './support/run-seed';
import { serverSession } from './support/server-api';
import { orgUrl, screenshot, sidebar, signUpAndVerify, statusBar } from './support/user-center';

function fact(page: Page, label: string) {
  return page.getByRole('region', { name: label, exact: true });
}

async function openOverview(page: Page) {
  await sidebar(page).getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByTestId('credit-balance')).toBeVisible();
}

async function openBilling(page: Page) {
  await sidebar(page).getByRole('link', { name: 'Billing' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Billing' })).toBeVisible();
}

test('the Overview shows the Free plan’s credits and seats, and its quick actions open the right dialog', async ({
  page,
  desk,
}) => {
  const owner = newUser('Olga Overview');
  const orgId = await signUpAndVerify(page, desk, owner);

  await expect(page.getByTestId('credit-balance')).toHaveText('1,000');
  await expect(page.getByText(/1,000 credits granted for/)).toBeVisible();
  await expect(page.getByText('Lasts past this period')).toBeVisible();
  await expect(fact(page, 'Seats')).toContainText('1 of 5');
  await expect(fact(page, 'Seats')).toContainText('1 active member');
  await expect(fact(page, 'Bots')).toContainText('0 of 5');
  await expect(fact(page, 'Plan')).toContainText('Free');
  await screenshot(page, '70-overview-free');

  const actions = page.getByRole('region', { name: 'Quick actions' });
  await actions.getByRole('link', { name: 'Invite member' }).click();
  const invite = page.getByRole('dialog', { name: `Invite to ${owner.name}` });
  await expect(invite).toBeVisible();
  // The request is taken off the address, so a reload or Back does not open it again.
  await expect(page).toHaveURL(orgUrl(orgId, 'people'));
  await invite.getByRole('button', { name: 'Cancel' }).click();
  await expect(invite).toBeHidden();

  await openOverview(page);
  await actions.getByRole('link', { name: 'Create bot' }).click();
  const bot = page.getByRole('dialog', { name: 'Create a bot' });
  await expect(bot).toBeVisible();
  await expect(page).toHaveURL(orgUrl(orgId, 'bots'));
  await page.keyboard.press('Escape');
  await expect(bot).toBeHidden();

  await openOverview(page);
  await actions.getByRole('link', { name: 'Create API key' }).click();
  const key = page.getByRole('dialog', { name: 'Create API key' });
  await expect(key).toBeVisible();
  await expect(page).toHaveURL(orgUrl(orgId, 'api-keys'));
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'API Keys' })).toBeVisible();
  await expect(key).toBeHidden();

  await openOverview(page);
  await expect(actions.getByRole('link', { name: 'Add alert' })).toHaveAttribute(
    'href',
    `#/orgs/${orgId}/usage?newAlert=1`,
  );
});

test('billing: credits added show on the Overview, an upgrade succeeds, a downgrade that does not fit is refused', async ({
  page,
  desk,
}) => {
  const owner = newUser('Bill Billing');
  const orgId = await signUpAndVerify(page, desk, owner);

  await openBilling(page);
  await expect(page.getByTestId('current-plan')).toHaveText('Free');
  await expect(page.locator('[data-limit="seats"]')).toContainText('1 of 5 seats in use');
  await expect(page.locator('[data-limit="overdraft"]')).toContainText('New runs stop at zero');
  await expect(page.getByTestId('billing-balance')).toHaveText('1,000');
  await screenshot(page, '71-billing-free');

  await test.step('add credits, with the amount checked as it is typed', async () => {
    await page.getByRole('button', { name: 'Add credits' }).click();
    const dialog = page.getByRole('dialog', { name: `Add credits to ${owner.name}` });
    await expect(dialog.getByText('invoicing arrives with billing')).toBeVisible();
    const amount = dialog.getByRole('textbox', { name: 'Credits to add' });
    await amount.fill('20000000');
    await expect(dialog.getByText('Enter a whole number of credits from 1 to 10,000,000')).toBeVisible();
    await amount.fill('0');
    await expect(dialog.getByText('Enter a whole number of credits from 1 to 10,000,000')).toBeVisible();
    await amount.fill('500');
    await expect(dialog.getByText('Enter a whole number of credits from 1 to 10,000,000')).toBeHidden();
    await screenshot(page, '72-billing-top-up');
    await dialog.getByRole('button', { name: 'Add credits' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(`500 credits added to ${owner.name}.`)).toBeVisible();
    await expect(page.getByTestId('billing-balance')).toHaveText('1,500');

    await openOverview(page);
    await expect(page.getByTestId('credit-balance')).toHaveText('1,500');
    await expect(page.getByText(/plus 500 credits topped up/)).toBeVisible();
  });

  await test.step('switch to Team', async () => {
    await openBilling(page);
    await page.getByRole('button', { name: 'Upgrade: switch to Team' }).click();
    const confirm = page.getByRole('dialog', { name: 'Switch to Team?' });
    await expect(
      confirm.getByText(/9,000 credits \(the difference from this period’s grant\) are added now/),
    ).toBeVisible();
    await screenshot(page, '73-billing-switch-confirm');
    await confirm.getByRole('button', { name: 'Switch to Team' }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByText(`${owner.name} is now on the Team plan.`)).toBeVisible();
    await expect(page.getByTestId('current-plan')).toHaveText('Team');
    await expect(page.getByTestId('billing-balance')).toHaveText('10,500');
    await expect(page.getByRole('columnheader', { name: /Team/ })).toContainText('Current plan');
  });

  await test.step('six bots do not fit Free: the server refuses and says why', async () => {
    // One bot with priced runs (so the period shows consumption), five more without.
    await seedRuns(
      desk.server.url,
      owner,
      orgId,
      'Invoice bot',
      [
        { outcome: 'succeeded', log: 'ok' },
        { outcome: 'succeeded', log: 'ok' },
        { outcome: 'failed', error: 'Portal timed out', log: 'timeout' },
      ],
      40,
    );
    const api = await serverSession(desk.server.url, owner);
    for (let i = 1; i <= 5; i += 1) await api.call('POST', `/v1/orgs/${orgId}/bots`, { name: `Extra bot ${i}` });
    await expect(page.locator('[data-limit="bots"]')).toContainText('6 of 25 bots in use');
    await expect(page.getByTestId('misfit-free')).toHaveText(
      'Does not fit today: the organization has 6 bots and it includes 5.',
    );
    await page.getByRole('button', { name: 'Downgrade: switch to Free' }).click();
    const confirm = page.getByRole('dialog', { name: 'Switch to Free?' });
    await confirm.getByRole('button', { name: 'Switch to Free' }).click();
    await expect(confirm.getByRole('alert')).toContainText('the organization has 6 bots and it includes 5');
    await screenshot(page, '74-billing-downgrade-refused');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByTestId('current-plan')).toHaveText('Team');
    await screenshot(page, '75-billing-team');
  });

  await test.step('the Overview follows: Team limits, consumption, the chart', async () => {
    await openOverview(page);
    await expect(fact(page, 'Bots')).toContainText('6 of 25');
    await expect(fact(page, 'Seats')).toContainText('1 of 25');
    await expect(page.getByText(/credits a day$/)).toBeVisible();
    await expect(page.getByTestId('credit-balance')).not.toHaveText('10,500');
    await screenshot(page, '76-overview-team');
  });

  await test.step('offline: adding credits and switching plans say they need the server', async () => {
    await openBilling(page);
    await desk.server.stop();
    await expect(statusBar(page)).toContainText('Offline');
    await expect(page.getByText('You are offline: switching plans and adding credits need a connection')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Add credits' })).toHaveAttribute('aria-disabled', 'true');
    await expect(page.getByRole('button', { name: 'Upgrade: switch to Business' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
    await expect(page.getByTestId('billing-balance')).toBeVisible();
    await page.getByRole('heading', { level: 1, name: 'Billing' }).scrollIntoViewIfNeeded();
    await screenshot(page, '77-billing-offline');
  });
});
