import { randomBytes } from 'node:crypto';
import { expect, newUser, test } from './support/fixtures';
import { fillSignUp, screenshot, signUpAndVerify } from './support/user-center';

test('an invitation link clicked while signed out waits through sign-up and opens its page, accepting nothing', async ({
  page,
  desk,
}) => {
  const token = randomBytes(32).toString('base64url');
  expect(await desk.openLink(`botdesk://accept-invite/${token}`)).toBe(202);
  expect(await desk.openLink('botdesk://accept-invite/../../etc/passwd')).toBe(400);

  const account = newUser('Grace Hopper');
  await fillSignUp(page, desk, account);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByLabel('Verification code').fill(await desk.latestCode(account.email));
  await page.getByRole('button', { name: 'Verify email' }).click();
  await expect(page).toHaveURL(/#\/invitation$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Invitation' })).toBeVisible();
  await expect(page.getByText(`${token.slice(0, 6)}…${token.slice(-4)}`)).toBeVisible();
  // An unknown token is looked up, never accepted: the page says it cannot be opened.
  await expect(page.getByRole('alert').filter({ hasText: 'This invitation cannot be opened' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Accept and join' })).toHaveCount(0);
  // The token itself never appears in the address bar.
  expect(page.url()).not.toContain(token);
  await screenshot(page, '09-invitation-link');

  await page.getByRole('button', { name: 'Close' }).click();
  await expect(page).toHaveURL(/#\/orgs\/[^/]+$/);
});

test('a link clicked while signed in opens its page at once', async ({ page, desk }) => {
  await signUpAndVerify(page, desk, newUser('Katherine Johnson'));
  expect(await desk.openLink(`botdesk://accept-invite/${randomBytes(32).toString('base64url')}`)).toBe(202);
  await expect(page.getByRole('heading', { level: 1, name: 'Invitation' })).toBeVisible();
});

test('the account page keeps this computer’s appearance and notification settings', async ({ page, desk }) => {
  await signUpAndVerify(page, desk, newUser('Mary Jackson'));
  await page.getByRole('link', { name: 'Account' }).click();
  await expect(page.getByRole('heading', { name: 'This computer' })).toBeVisible();
  await page.getByText('Dark', { exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await page.getByLabel('Pause desktop notifications').check();
  await screenshot(page, '10-account-settings');

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await expect(page.getByLabel('Pause desktop notifications')).toBeChecked();
});
