import { expect, newUser, test } from './support/fixtures';
import { serverSession } from './support/server-api';
import {
  createOrgFromSwitcher,
  renameOrg,
  screenshot,
  sidebar,
  signUpAndVerify,
  statusBar,
  switcherButton,
} from './support/user-center';

// The desktop retries with backoff (capped at 30 s, ±25 %) and pulls every 45 s anyway: it catches
// up on its own within that, without anyone pressing Retry.
const catchUp = { timeout: 50_000 };

test('a rename made while the server is down waits in the outbox and reaches the server once it is back', async ({
  page,
  desk,
}) => {
  test.setTimeout(150_000);
  const account = newUser('Grace Hopper');
  await signUpAndVerify(page, desk, account);
  const orgId = await createOrgFromSwitcher(page, 'Hopper Labs');
  await expect(statusBar(page)).toContainText('Online');

  await test.step('the server stops: the status bar says offline', async () => {
    await desk.server.stop();
    await expect(statusBar(page)).toContainText('Offline');
    await expect(statusBar(page)).toContainText('The server cannot be reached');
    await expect(statusBar(page).getByRole('button', { name: 'Retry' })).toBeVisible();
  });

  await test.step('creating an organization needs the server, and says so', async () => {
    await switcherButton(page).click();
    await page.getByRole('menuitem', { name: 'Create organization' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create organization' });
    await expect(dialog.getByText('You are offline')).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Create organization' })).toBeDisabled();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
  });

  await test.step('the rename applies at once and waits to sync', async () => {
    await renameOrg(page, 'Hopper Research');
    await expect(page.getByRole('alert').filter({ hasText: 'Saved on this computer' })).toBeVisible();
    await expect(statusBar(page)).toContainText('1 change waiting to sync');
    await expect(statusBar(page)).toContainText('Offline');
    await expect(switcherButton(page)).toContainText('Hopper Research');
    await expect(sidebar(page)).not.toContainText('Hopper Labs');
    await screenshot(page, '07-offline-status-bar');
  });

  await test.step('the server is back on the same port and data: the change lands', async () => {
    await desk.server.start();
    await expect(statusBar(page)).toContainText('Online', catchUp);
    await expect(statusBar(page)).toContainText('All changes synced', catchUp);
    await expect(statusBar(page).getByRole('button', { name: 'Retry' })).toBeHidden();
    await expect(switcherButton(page)).toContainText('Hopper Research');
    const server = await serverSession(desk.server.url, account);
    expect((await server.org(orgId)).name).toBe('Hopper Research');
    await screenshot(page, '08-back-online');
  });
});
