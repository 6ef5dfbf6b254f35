import { expect, newUser, test } from './support/fixtures';
import { seedRuns } from './support/run-seed';
import type { SeededRun } from './support/run-seed';
import { orgIdOf, screenshot, sidebar, signUpAndVerify } from './support/user-center';

const ok = (i: number): SeededRun => ({
  outcome: 'succeeded',
  log: `step open portal ok\nstep download invoice INV-${1000 + i} ok\n`,
  data: { invoice: `INV-${1000 + i}`, rows: i },
});
const failed: SeededRun = {
  outcome: 'failed',
  error: 'Timeout waiting for selector #submit',
  log: 'step open portal ok\nstep submit form: timeout after 30 s\n',
};

test('the run history filters by status, searches words and opens a run', async ({ page, desk }) => {
  const owner = newUser('Hana History');
  await signUpAndVerify(page, desk, owner);
  const orgId = orgIdOf(page);
  await seedRuns(desk.server.url, owner, orgId, 'Invoice collector', [
    ok(1),
    ok(2),
    failed,
    ok(3),
    ok(4),
    failed,
    ok(5),
  ]);

  await sidebar(page).getByRole('link', { name: 'Bot Run History' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bot Run History' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Bot runs' });
  const rows = table.locator('[data-run-id]');
  // Live: the runs reached this desktop through sync.
  await expect(page.getByTestId('runs-count')).toHaveText('7 runs');
  await expect(rows).toHaveCount(7);
  await screenshot(page, 'runs-history');

  await page.getByRole('combobox', { name: 'Status' }).click();
  await page.getByRole('option', { name: 'Failed' }).click();
  await expect(page.getByTestId('runs-count')).toHaveText('2 runs match');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('Timeout waiting for selector');

  // Words are searched as words, whatever the syntax: an FTS operator is just text.
  await page.getByRole('combobox', { name: 'Status' }).click();
  await page.getByRole('option', { name: 'Failed' }).click();
  await page.getByLabel('Search').fill('INV-1003 OR "');
  await expect(page.getByTestId('runs-count')).toHaveText('0 runs match');
  await expect(page.getByTestId('runs-empty')).toBeVisible();
  await page.getByLabel('Search').fill('INV-1003');
  await expect(page.getByTestId('runs-count')).toHaveText('1 run match');
  await expect(rows).toHaveCount(1);

  // Sorting by credits is a keyboard-reachable header.
  await page.getByLabel('Search').fill('');
  await expect(rows).toHaveCount(7);
  await page.getByRole('button', { name: 'Sort by Credits' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('columnheader', { name: /Credits/ })).toHaveAttribute('aria-sort', 'descending');

  // The drawer: log in monospace, data as JSON, and retry for a failed run.
  await page.getByLabel('Search').fill('timeout');
  await expect(rows).toHaveCount(2);
  await rows.first().focus();
  await page.keyboard.press('Enter');
  const drawer = page.getByRole('dialog', { name: 'Run details' });
  await expect(drawer.getByText('Timeout waiting for selector #submit')).toBeVisible();
  await expect(drawer.getByTestId('run-log')).toContainText('submit form: timeout after 30 s');
  await expect(drawer.getByRole('button', { name: 'Retry run' })).toBeEnabled();
  await screenshot(page, 'runs-drawer-failed');
  await drawer.getByRole('button', { name: 'Retry run' }).click();
  await expect(page.getByText('Run queued again')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByLabel('Search').fill('');
  await expect(page.getByTestId('runs-count')).toHaveText('8 runs');

  await page.getByLabel('Search').fill('INV-1002');
  await expect(rows).toHaveCount(1);
  await rows.first().click();
  await expect(drawer.getByTestId('run-data')).toContainText('"invoice": "INV-1002"');
  await screenshot(page, 'runs-drawer-data');
});
