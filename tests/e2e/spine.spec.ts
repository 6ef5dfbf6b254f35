import { join } from 'node:path';
import { expect, newUser, test } from './support/fixtures';
import { serverSession } from './support/server-api';
import {
  createOrgFromSwitcher,
  fillSignUp,
  orgUrl,
  renameOrg,
  screenshot,
  sidebar,
  signUpAndVerify,
  statusBar,
  switcherButton,
} from './support/user-center';

const docsScreenshot = join(import.meta.dirname, '../../docs/user-center.png');

test('signing up with the mailed code opens the personal workspace', async ({ page, desk }) => {
  const account = newUser('Ada Lovelace');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await fillSignUp(page, desk, account);
  await screenshot(page, '01-sign-up');
  await page.getByRole('button', { name: 'Sign up' }).click();

  await expect(page.getByRole('heading', { name: 'Verify your email' })).toBeVisible();
  await expect(page.getByText(account.email)).toBeVisible();
  await screenshot(page, '02-verify-email');
  const code = await desk.latestCode(account.email);
  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  await page.getByLabel('Verification code').fill(wrong);
  await page.getByRole('button', { name: 'Verify email' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Could not verify' })).toBeVisible();
  await page.getByLabel('Verification code').fill(code);
  await page.getByRole('button', { name: 'Verify email' }).click();

  await expect(page).toHaveURL(orgUrl(/[^/]+/));
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 1, name: account.name })).toBeVisible();
  await expect(main.getByText('Personal workspace')).toBeVisible();
  await expect(main.getByText('Verify your email address')).toBeHidden();
  await expect(switcherButton(page)).toContainText(account.name);
  await expect(switcherButton(page)).toContainText('Personal workspace');
  await expect(statusBar(page)).toContainText('Online');
  await expect(statusBar(page)).toContainText('All changes synced');
  await screenshot(page, '03-personal-overview');

  await sidebar(page).getByRole('link', { name: 'Account' }).click();
  await expect(main.getByText(account.email)).toBeVisible();
  await expect(main.getByText('Verified', { exact: true })).toBeVisible();
});

test('an organization created from the switcher can be switched to and renamed, and every view follows', async ({
  page,
  desk,
}) => {
  const account = newUser('Ada Lovelace');
  const personalId = await signUpAndVerify(page, desk, account);

  await switcherButton(page).click();
  const menu = page.getByRole('menu');
  await expect(menu.getByRole('menuitem', { name: account.name })).toHaveAttribute('aria-current', 'true');
  await expect(menu.getByRole('menuitem', { name: account.name })).toContainText('Personal');
  await expect(menu.getByRole('menuitem', { name: 'Create organization' })).toBeVisible();
  await screenshot(page, '04-org-switcher-open');
  await page.keyboard.press('Escape');

  const orgId = await createOrgFromSwitcher(page, 'Acme Robotics');
  expect(orgId).not.toBe(personalId);
  await expect(switcherButton(page)).toContainText('Acme Robotics');
  await expect(switcherButton(page)).toContainText('Owner');

  await test.step('switch back to the personal workspace with the switcher', async () => {
    await switcherButton(page).click();
    await page.getByRole('menu').getByRole('menuitem', { name: account.name }).click();
    await expect(page).toHaveURL(orgUrl(personalId));
    await expect(page.getByRole('heading', { level: 1, name: account.name })).toBeVisible();
  });

  await test.step('switch to the organization by keyboard (Ctrl+K)', async () => {
    await page.keyboard.press('Control+K');
    const search = page.getByRole('textbox', { name: 'Search organizations' });
    await expect(search).toBeFocused();
    await search.fill('acme');
    // The first match is highlighted as the query changes, so Enter opens it.
    await expect(page.getByRole('dialog').getByRole('button', { name: /^Acme Robotics/ })).toHaveAttribute(
      'data-selected',
      'true',
    );
    await screenshot(page, '05-org-spotlight');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(orgUrl(orgId));
    await expect(page.getByRole('heading', { level: 1, name: 'Acme Robotics' })).toBeVisible();
  });

  await renameOrg(page, 'Acme Automation', () => screenshot(page, '06-org-profile'));
  await expect(page).toHaveURL(orgUrl(orgId, 'profile'));

  await test.step('the switcher, the sidebar and every page show the new name', async () => {
    await expect(page.getByText('How Acme Automation appears to its members')).toBeVisible();
    await expect(switcherButton(page)).toContainText('Acme Automation');
    await expect(sidebar(page)).toContainText('Acme Automation');
    await expect(sidebar(page)).not.toContainText('Acme Robotics');

    await sidebar(page).getByRole('link', { name: 'Overview' }).click();
    await expect(page).toHaveURL(orgUrl(orgId));
    await expect(page.getByRole('heading', { level: 1, name: 'Acme Automation' })).toBeVisible();
    await sidebar(page).getByRole('link', { name: 'People' }).click();
    await expect(page).toHaveURL(orgUrl(orgId, 'people'));
    await expect(page.getByText('Everyone with access to Acme Automation.')).toBeVisible();
    await sidebar(page).getByRole('link', { name: 'Roles & Permissions' }).click();
    await expect(page).toHaveURL(orgUrl(orgId, 'roles'));
    await expect(page.getByText('What each role in Acme Automation may do.')).toBeVisible();

    await switcherButton(page).click();
    await expect(page.getByRole('menu').getByRole('menuitem', { name: 'Acme Automation' })).toHaveAttribute(
      'aria-current',
      'true',
    );
    await expect(page.getByRole('menu')).not.toContainText('Acme Robotics');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+K');
    await expect(page.getByRole('dialog').getByRole('button', { name: /^Acme Automation/ })).toBeVisible();
    await page.keyboard.press('Escape');
  });

  await test.step('a reload lands in the same organization, from the URL', async () => {
    await page.reload();
    await expect(page).toHaveURL(orgUrl(orgId, 'roles'));
    await expect(switcherButton(page)).toContainText('Acme Automation');
  });

  const server = await serverSession(desk.server.url, account);
  await expect.poll(async () => (await server.org(orgId)).name).toBe('Acme Automation');

  if (process.env.UPDATE_DOCS_SCREENSHOT === '1') {
    await test.step('docs/user-center.png: an org overview with the sidebar and status bar', async () => {
      await sidebar(page).getByRole('link', { name: 'Overview' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Acme Automation' })).toBeVisible();
      await expect(statusBar(page)).toContainText('All changes synced');
      await expect(page.getByRole('alert')).toHaveCount(0);
      await page.mouse.move(640, 400);
      await page.screenshot({ path: docsScreenshot, animations: 'disabled' });
    });
  }
});
