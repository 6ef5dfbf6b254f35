import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, newUser, test } from './support/fixtures';
import { seedRuns } from './support/run-seed';
import type { SeededRun } from './support/run-seed';
import { screenshot, sidebar, signUpAndVerify } from './support/user-center';

const ok: SeededRun = { outcome: 'succeeded', log: 'step collect invoices ok\n' };
const defaultRule = "Below 20% of the period's allowance · desktop and email · everyone who can see usage";
const newRule = 'Below 50 credits · desktop only · everyone who can see usage';
const editedRule = 'Below 60 credits · desktop only · Ari Alerts';

const rulesTable = (page: Page) => page.getByRole('table', { name: 'Alert rules' });
const ruleRow = (page: Page, sentence: string) => rulesTable(page).locator(`tr[data-alert-rule="${sentence}"]`);

test('platform usage: credits move with runs, the chart, tables and CSV show the bot', async ({ page, desk }) => {
  const owner = newUser('Uma Usage');
  const orgId = await signUpAndVerify(page, desk, owner);

  await sidebar(page).getByRole('link', { name: 'Platform Usage' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Platform Usage' })).toBeVisible();
  // A new org on Free: its full first grant, nothing consumed, the two default rules armed.
  await expect(page.getByTestId('usage-balance')).toHaveText('1,000');
  await expect(page.getByTestId('usage-allowance')).toHaveText(/^1,000 credits for \w{3} \d{1,2} – \w{3} \d{1,2}$/);
  await expect(page.getByTestId('usage-consumed')).toHaveText('0 credits');
  await expect(page.getByTestId('usage-forecast')).toHaveText('Lasts past this period');
  await expect(page.getByTestId('usage-empty')).toContainText('Nothing consumed in this range');
  await expect(page.getByRole('button', { name: 'Export CSV' })).toBeDisabled();
  await expect(ruleRow(page, defaultRule)).toContainText('Armed');
  await expect(page.getByTestId('recent-alerts-empty')).toBeVisible();
  await screenshot(page, 'usage-1-new-org');

  // Three runs of a bot priced at 300 credits a run: 900 consumed, and the 20% rule fires.
  await seedRuns(desk.server.url, owner, orgId, 'Invoice collector', [ok, ok, ok], 300);
  await expect(page.getByTestId('usage-balance')).toHaveText('100');
  await expect(page.getByTestId('usage-consumed')).toHaveText('900 credits');
  await expect(page.getByTestId('usage-forecast')).toHaveText(/^Runs out (today|around \w{3} \d{1,2}) at this pace$/);
  await expect(page.getByTestId('usage-low-alert')).toContainText(
    "has 100 credits left, below 20% of the period's allowance",
  );
  await expect(ruleRow(page, defaultRule)).toContainText('Fired');
  await expect(page.getByTestId('usage-range-totals')).toContainText('900 credits in 3 runs');
  const chart = page.getByTestId('usage-chart');
  await chart.locator('.recharts-bar-rectangle path').first().hover();
  await expect(chart).toContainText('900 credits');
  await expect(chart).toContainText('3 runs');
  const byBot = page.getByRole('table', { name: 'Consumption by bot' }).getByRole('row', { name: /Invoice collector/ });
  await expect(byBot).toContainText('3');
  await expect(byBot).toContainText('900');
  await expect(byBot).toContainText('100%');
  const byTrigger = page.getByRole('table', { name: 'Consumption by trigger' });
  await expect(byTrigger.getByRole('row', { name: /Run now, retries and runners/ })).toContainText('900');
  const alerts = page.getByRole('list', { name: 'Recent alerts' }).getByRole('listitem');
  await expect(alerts).toHaveCount(1);
  await expect(alerts.first()).toContainText('has 100 credits left (10% of 1,000)');
  await expect(alerts.first()).toContainText('just now');
  // The bridge's notifier showed it: this device says so.
  await expect(alerts.first()).toContainText('Notified here');
  await screenshot(page, 'usage-2-consumed');
  await page.getByRole('heading', { name: 'Consumption' }).scrollIntoViewIfNeeded();
  await page.getByRole('table', { name: 'Consumption by trigger' }).scrollIntoViewIfNeeded();
  await screenshot(page, 'usage-3-consumption');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'usage-3-consumption-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('heading', { name: 'Recent alerts' }).scrollIntoViewIfNeeded();
  await screenshot(page, 'usage-3-recent-alerts');

  // The CSV holds one record per bucket × bot × trigger that consumed anything.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^usage-.+-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = (await readFile(await file.path(), 'utf8')).trim().split(/\r?\n/);
  expect(lines).toHaveLength(2);
  expect(lines[0]).toBe('day_start,bot,trigger,runs,credits');
  expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2},Invoice collector,"Run now, retries and runners",3,900$/);

  // By month, over the last 12 months: one bucket named by its month holds it all.
  await page.getByRole('radiogroup', { name: 'Group by' }).getByText('Month').click();
  await expect(page.getByRole('combobox', { name: 'Range' })).toHaveValue('Last 12 months');
  await expect(page.getByTestId('usage-range-totals')).toContainText('900 credits in 3 runs');
  await expect(page.getByTestId('usage-chart')).toContainText(/[A-Z][a-z]+ \d{4}/);
});

test('alert rules: create and edit with the form, disable, delete; mute persists on this device', async ({
  page,
  desk,
}) => {
  const owner = newUser('Ari Alerts');
  const orgId = await signUpAndVerify(page, desk, owner);

  // The Overview's quick action links here with ?newAlert=1: the form opens.
  await page.goto(page.url().replace(/#.*$/, `#/orgs/${orgId}/usage?newAlert=1`));
  const form = page.getByRole('dialog', { name: 'New alert' });
  await expect(form).toBeVisible();
  await expect(page).not.toHaveURL(/newAlert/);

  // Inline validation: a percentage above 100 and no channel are refused beside their fields.
  await form.getByRole('textbox', { name: /Remaining below/ }).fill('150');
  await form.getByRole('checkbox', { name: 'Desktop notification' }).uncheck();
  await form.getByRole('checkbox', { name: 'Email' }).uncheck();
  await form.getByRole('button', { name: 'Create alert' }).click();
  await expect(form.getByText('A percentage is at most 100')).toBeVisible();
  await expect(form.getByText('Choose at least one channel')).toBeVisible();
  await screenshot(page, 'usage-4-alert-form-errors');

  await form.getByText('Credits left').click();
  await form.getByRole('textbox', { name: /Remaining below/ }).fill('50');
  await form.getByRole('checkbox', { name: 'Desktop notification' }).check();
  await form.getByRole('button', { name: 'Create alert' }).click();
  await expect(form).toBeHidden();
  await expect(ruleRow(page, newRule)).toContainText('Armed');
  await expect(rulesTable(page).locator('tbody tr')).toHaveCount(3);

  // Edited: a new threshold, told to a chosen member only.
  await page.getByRole('button', { name: `Actions for ${newRule}` }).click();
  await page.getByRole('menuitem', { name: 'Edit…' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit alert' });
  await expect(edit).toContainText('Kind: Credits left');
  await edit.getByRole('textbox', { name: /Remaining below/ }).fill('60');
  await edit.getByRole('radio', { name: 'Chosen members' }).check();
  await edit.getByRole('button', { name: 'Save alert' }).click();
  await expect(edit.getByText('Choose at least one member, or tell everyone')).toBeVisible();
  await edit.getByLabel('Members to tell').click();
  await page.getByRole('option', { name: owner.name }).click();
  await edit.getByRole('button', { name: 'Save alert' }).click();
  await expect(edit).toBeHidden();
  await expect(ruleRow(page, editedRule)).toContainText('Armed');

  // Off at once (optimistic), and still off after a reload.
  const enabled = page.getByRole('switch', { name: `${editedRule}: enabled` });
  await enabled.focus();
  await page.keyboard.press('Space');
  await expect(enabled).not.toBeChecked();
  await expect(ruleRow(page, editedRule)).toContainText('Off');
  await page.reload();
  await expect(page.getByRole('switch', { name: `${editedRule}: enabled` })).not.toBeChecked();

  // Delete asks first; cancelling keeps the rule.
  await page.getByRole('button', { name: `Actions for ${editedRule}` }).click();
  await page.getByRole('menuitem', { name: 'Delete…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete this alert?' });
  await expect(confirm).toContainText(editedRule);
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(ruleRow(page, editedRule)).toBeVisible();
  await page.getByRole('button', { name: `Actions for ${editedRule}` }).click();
  await page.getByRole('menuitem', { name: 'Delete…' }).click();
  await confirm.getByRole('button', { name: 'Delete alert' }).click();
  await expect(ruleRow(page, editedRule)).toHaveCount(0);
  await expect(rulesTable(page).locator('tbody tr')).toHaveCount(2);

  // Muting is this device's preference: it survives a reload.
  const mute = page.getByRole('switch', { name: 'Mute alerts from this organization on this device' });
  await mute.check();
  await expect(mute).toBeChecked();
  await page.reload();
  await expect(page.getByRole('switch', { name: 'Mute alerts from this organization on this device' })).toBeChecked();
  await page.getByRole('heading', { name: 'Recent alerts' }).scrollIntoViewIfNeeded();
  await screenshot(page, 'usage-5-alert-rules');
});
