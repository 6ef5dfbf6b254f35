import { expect, newUser, test } from './support/fixtures';
import { createOrgFromSwitcher, screenshot, sidebar, signUpAndVerify } from './support/user-center';

// The schedule form defaults to the browser's zone: pin it so the words are known.
test.use({ timezoneId: 'Europe/Berlin' });

test('a manager creates a bot, turns it off and on, and schedules it in words', async ({ page, desk }) => {
  const owner = newUser('Bea Builder');
  await signUpAndVerify(page, desk, owner);
  await createOrgFromSwitcher(page, 'Bot Works');

  // An empty Bots page invites the first bot.
  await sidebar(page).getByRole('link', { name: 'Bots', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bots' })).toBeVisible();
  await expect(page.getByText('No bots yet')).toBeVisible();
  await expect(page.getByText('0 of 5 bots on the Free plan.')).toBeVisible();
  await screenshot(page, '40-bots-empty');

  // Create one with pricing and two scripted steps.
  await page.getByRole('button', { name: 'Create bot' }).click();
  const create = page.getByRole('dialog', { name: 'Create a bot' });
  await create.getByRole('textbox', { name: 'Name', exact: true }).fill('Invoice bot');
  await create.getByRole('textbox', { name: 'Description' }).fill('Downloads supplier invoices every morning.');
  await create.getByRole('textbox', { name: 'Credits per run' }).fill('2');
  await create.getByRole('button', { name: 'Add step' }).click();
  await create.getByRole('group', { name: 'Step 2' }).getByRole('textbox', { name: 'Step name' }).fill('Download');
  await screenshot(page, '41-bot-create');
  await create.getByRole('button', { name: 'Create bot' }).click();
  await expect(create).toBeHidden();

  const card = page.getByRole('article', { name: 'Invoice bot' });
  await expect(card).toBeVisible();
  await expect(card.getByText('Offline')).toBeVisible();
  await expect(page.getByText('1 of 5 bots on the Free plan.')).toBeVisible();

  // Off at once, and run now is then refused with the server's reason; back on.
  const toggle = card.getByRole('switch', { name: 'Invoice bot enabled' });
  await toggle.uncheck();
  await expect(card.getByText('Disabled', { exact: true })).toBeVisible();
  await expect(toggle).not.toBeChecked();
  await card.getByRole('button', { name: 'Run Invoice bot now' }).click();
  await expect(page.getByText('Invoice bot did not start')).toBeVisible();
  await expect(page.getByText(/is disabled; enable it to run/)).toBeVisible();
  await screenshot(page, '42-bot-disabled-run-refused');
  const refusal = page.locator('.mantine-Notification-root', { hasText: 'Invoice bot did not start' });
  await refusal.getByRole('button').click();
  await expect(refusal).toBeHidden();
  await toggle.check();
  await expect(toggle).toBeChecked();
  await expect(card.getByText('Offline')).toBeVisible();

  // A schedule trigger reads in words, with its next fire time.
  await sidebar(page).getByRole('link', { name: 'App Triggers' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'App Triggers' })).toBeVisible();
  await expect(page.getByText('No triggers yet')).toBeVisible();
  await page.getByRole('button', { name: 'Create trigger' }).click();
  const trigger = page.getByRole('dialog', { name: 'Create a trigger' });
  await trigger.getByRole('textbox', { name: 'Name', exact: true }).fill('Weekday mornings');
  await expect(trigger.getByRole('combobox', { name: 'Time zone' })).toHaveValue('Europe/Berlin');
  await expect(trigger.getByText('every weekday at 09:00 Europe/Berlin')).toBeVisible();
  await screenshot(page, '43-trigger-create');
  await trigger.getByRole('button', { name: 'Create trigger' }).click();
  await expect(trigger).toBeHidden();

  const row = page.locator('tr[data-trigger="Weekday mornings"]');
  await expect(row.getByText('every weekday at 09:00 Europe/Berlin')).toBeVisible();
  await expect(row.getByRole('link', { name: 'Invoice bot' })).toBeVisible();
  await expect(row.getByText(/^in \d+ (hours?|days?|minutes?)$|^tomorrow$/)).toBeVisible();
  await expect(row.getByText('Never')).toBeVisible();
  await screenshot(page, '44-triggers');

  // Paused at once from the table.
  await row.getByRole('switch', { name: 'Weekday mornings enabled' }).uncheck();
  await expect(row.getByText('Paused')).toBeVisible();
  await row.getByRole('switch', { name: 'Weekday mornings enabled' }).check();
  await expect(row.getByText(/^in \d+ (hours?|days?|minutes?)$|^tomorrow$/)).toBeVisible();

  // A webhook shows its URL and secret once.
  await page.getByRole('button', { name: 'Create trigger' }).click();
  await trigger.getByRole('textbox', { name: 'Name', exact: true }).fill('Supplier portal');
  await trigger.getByText('Webhook', { exact: true }).click();
  await trigger.getByRole('button', { name: 'Create trigger' }).click();
  await expect(trigger.getByText('You will not see this again')).toBeVisible();
  await expect(trigger.getByText(/^POST http:\/\/127\.0\.0\.1:\d+\/v1\/hooks\/[0-9a-f-]{36}$/)).toBeVisible();
  await screenshot(page, '45-webhook-secret');
  await trigger.getByRole('button', { name: 'Done' }).click();
  await expect(page.locator('tr[data-trigger="Supplier portal"]').getByText('on a webhook call')).toBeVisible();

  // The bot's page: configuration, its triggers, no runners yet, no runs yet.
  await row.getByRole('link', { name: 'Invoice bot' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Invoice bot' })).toBeVisible();
  const triggers = page.getByRole('region', { name: 'Triggers' });
  await expect(triggers.getByText('every weekday at 09:00 Europe/Berlin')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Configuration' }).getByText('2 credits a run')).toBeVisible();
  await expect(page.getByText('No runner has declared this bot.', { exact: false })).toBeVisible();
  await screenshot(page, '46-bot-detail');
});
