import { expect, newUser, test } from './support/fixtures';
import { startRunner } from './support/processes';
import type { Running } from './support/processes';
import { screenshot, sidebar, signUpAndVerify } from './support/user-center';

let runner: Running | null = null;
test.afterEach(async () => {
  await runner?.stop();
  runner = null;
});

test('a bot runs on the reference runner: live status, run history, and a disabled bot refuses', async ({
  page,
  desk,
}) => {
  const owner = newUser('Otto Operator');
  await signUpAndVerify(page, desk, owner);

  // A bot with two short scripted steps, made in the UI.
  await sidebar(page).getByRole('link', { name: 'Bots', exact: true }).click();
  await page.getByRole('button', { name: 'Create bot' }).click();
  const create = page.getByRole('dialog', { name: 'Create a bot' });
  await create.getByRole('textbox', { name: 'Name', exact: true }).fill('Ledger sync');
  await create.getByRole('textbox', { name: 'Credits per run' }).fill('3');
  const first = create.getByRole('group', { name: 'Step 1' });
  await first.getByRole('textbox', { name: 'Step name' }).fill('Open ledger');
  await first.getByRole('textbox', { name: 'Duration (s)' }).fill('2');
  await create.getByRole('button', { name: 'Add step' }).click();
  const second = create.getByRole('group', { name: 'Step 2' });
  await second.getByRole('textbox', { name: 'Step name' }).fill('Post entries');
  await second.getByRole('textbox', { name: 'Duration (s)' }).fill('2');
  await create.getByRole('button', { name: 'Create bot' }).click();
  await expect(create).toBeHidden();
  const card = page.getByRole('article', { name: 'Ledger sync' });
  await expect(card.locator('[data-status="offline"]')).toBeVisible();

  // An API key for the runner, made in the UI; its secret is read from the one-time dialog.
  await sidebar(page).getByRole('link', { name: 'API Keys' }).click();
  await page.getByRole('button', { name: 'Create API key' }).click();
  const keyDialog = page.getByRole('dialog', { name: 'Create API key' });
  await keyDialog.getByRole('textbox', { name: 'Name' }).fill('Desk runner');
  await expect(keyDialog.getByRole('checkbox', { name: 'runs.execute' })).toBeChecked();
  await keyDialog.getByRole('button', { name: 'Create key' }).click();
  const ready = page.getByRole('dialog', { name: 'Desk runner is ready' });
  const secret = ((await ready.getByLabel('API key secret').textContent()) ?? '').trim();
  expect(secret).toMatch(/^bd_standard_/);
  await ready.getByRole('button', { name: 'I have copied the key' }).click();

  // The reference runner with that key: the bot comes online on every desktop through sync.
  runner = await startRunner({ serverUrl: desk.server.url, key: secret });
  await sidebar(page).getByRole('link', { name: 'Bots', exact: true }).click();
  await expect(card.locator('[data-status="idle"]')).toBeVisible({ timeout: 20_000 });

  // Run now: running (with progress), then succeeded, live.
  await card.getByRole('button', { name: 'Run Ledger sync now' }).click();
  await expect(card.locator('[data-status="running"]')).toBeVisible({ timeout: 20_000 });
  await expect(card.getByRole('progressbar', { name: 'Ledger sync progress' })).toBeVisible();
  await screenshot(page, '50-bot-running');
  await expect(card.locator('[data-status="idle"]')).toBeVisible({ timeout: 20_000 });
  await expect(card.getByText('Succeeded')).toBeVisible();
  await screenshot(page, '51-bot-succeeded');

  // The run is in the history, with the credits the server computed from the bot's pricing.
  await sidebar(page).getByRole('link', { name: 'Bot Run History' }).click();
  const rows = page.getByRole('table', { name: 'Bot runs' }).locator('[data-run-id]');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Ledger sync');
  await expect(rows.first()).toContainText('Succeeded');
  await expect(rows.first()).toContainText(owner.name);
  await expect(rows.first()).toContainText('3');

  // Disabled: run now is refused with the reason, and no run is added.
  await sidebar(page).getByRole('link', { name: 'Bots', exact: true }).click();
  await card.getByRole('switch', { name: 'Ledger sync enabled' }).uncheck();
  await expect(card.locator('[data-status="disabled"]')).toBeVisible();
  await card.getByRole('button', { name: 'Run Ledger sync now' }).click();
  await expect(page.getByText(/is disabled; enable it to run/)).toBeVisible();
  await screenshot(page, '52-bot-disabled-refused');

  // A second, failing run after re-enabling; then the history filters and searches.
  await card.getByRole('switch', { name: 'Ledger sync enabled' }).check();
  await expect(card.locator('[data-status="idle"]')).toBeVisible({ timeout: 20_000 });
  await card.getByRole('button', { name: 'Actions for Ledger sync' }).click();
  await page.getByRole('menuitem', { name: /Edit/ }).click();
  const edit = page.getByRole('dialog', { name: /Edit/ });
  const step2 = edit.getByRole('group', { name: 'Step 2' });
  await step2.getByRole('combobox', { name: 'Outcome' }).click();
  await page.getByRole('option', { name: /Fail/ }).click();
  await step2.getByRole('textbox', { name: 'Error message' }).fill('Ledger locked by another user');
  await edit.getByRole('button', { name: /Save/ }).click();
  await expect(edit).toBeHidden();
  await card.getByRole('button', { name: 'Run Ledger sync now' }).click();
  await expect(card.locator('[data-status="error"]')).toBeVisible({ timeout: 20_000 });

  await sidebar(page).getByRole('link', { name: 'Bot Run History' }).click();
  await expect(rows).toHaveCount(2);
  await page.getByRole('combobox', { name: 'Status' }).click();
  await page.getByRole('option', { name: 'Failed' }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Ledger locked by another user');
  await page.getByRole('combobox', { name: 'Status' }).click();
  await page.getByRole('option', { name: 'Failed' }).click();
  await page.getByLabel('Search').fill('locked');
  await expect(rows).toHaveCount(1);
  await page.getByLabel('Search').fill('nothing-like-this');
  await expect(rows).toHaveCount(0);
  await screenshot(page, '53-history-searched');
});
