import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';
import type { Desk } from './fixtures';

const screenshotDir = join(import.meta.dirname, '../../../test-results/screenshots');

/** A full-window picture of what the person sees, for reviewing the screens by eye. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), animations: 'disabled' });
}

export type Account = { name: string; email: string; password: string };

/** Fills the sign-up form as a person would, against the test's own server. */
export async function fillSignUp(page: Page, desk: Desk, account: Account): Promise<void> {
  await page.getByRole('link', { name: 'Create an account' }).click();
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  await page.getByLabel('Name').fill(account.name);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByLabel('Server URL').fill(desk.server.url);
}

/** Sign-up, then the mailed code, ending in the personal workspace; returns its org id (from the URL). */
export async function signUpAndVerify(page: Page, desk: Desk, account: Account): Promise<string> {
  await fillSignUp(page, desk, account);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('heading', { name: 'Verify your email' })).toBeVisible();
  await page.getByLabel('Verification code').fill(await desk.latestCode(account.email));
  await page.getByRole('button', { name: 'Verify email' }).click();
  await expect(page).toHaveURL(orgUrl(/[^/]+/));
  await expect(page.getByRole('heading', { level: 1, name: account.name })).toBeVisible();
  return orgIdOf(page);
}

/** The address of an org's page: `#/orgs/:orgId` or `#/orgs/:orgId/<section>`. */
export function orgUrl(orgId: string | RegExp, section?: string): RegExp {
  const id = typeof orgId === 'string' ? orgId.replace(/[^\w-]/g, '') : orgId.source;
  return new RegExp(`#/orgs/${id}${section ? `/${section}` : ''}$`);
}

/** The org id the URL carries: `#/orgs/:orgId/...`. */
export function orgIdOf(page: Page): string {
  const id = new URL(page.url()).hash.match(/^#\/orgs\/([^/?]+)/)?.[1];
  if (!id) throw new Error(`No organization in ${page.url()}`);
  return id;
}

export function statusBar(page: Page): Locator {
  return page.getByRole('status', { name: 'Sync status' });
}

export function sidebar(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Main' });
}

export function switcherButton(page: Page): Locator {
  return page.getByRole('button', { name: 'Switch organization' });
}

/** Creates an organization from the sidebar's switcher; the app opens it. Returns its id. */
export async function createOrgFromSwitcher(page: Page, name: string): Promise<string> {
  await switcherButton(page).click();
  await page.getByRole('menuitem', { name: 'Create organization' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create organization' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('button', { name: 'Create organization' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  return orgIdOf(page);
}

/** Renames the open organization on its Organization Profile page; `beforeSave` sees the filled form. */
export async function renameOrg(page: Page, name: string, beforeSave?: () => Promise<void>): Promise<void> {
  await sidebar(page).getByRole('link', { name: 'Organization Profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Organization Profile' })).toBeVisible();
  const field = page.getByRole('textbox', { name: 'Name', exact: true });
  await field.fill(name);
  const save = page.getByRole('button', { name: 'Save changes' });
  await expect(save).toBeEnabled();
  await beforeSave?.();
  await save.click();
  await expect(page.getByRole('alert').filter({ hasText: 'Profile saved' })).toBeVisible();
  await expect(save).toBeDisabled();
  await expect(field).toHaveValue(name);
}
