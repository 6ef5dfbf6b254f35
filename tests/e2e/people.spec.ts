import { expect, newUser, test } from './support/fixtures';
import {
  createOrgFromSwitcher,
  orgUrl,
  screenshot,
  sidebar,
  signUpAndVerify,
  switcherButton,
} from './support/user-center';

test('an owner invites by email, the invitee joins from the link, changes show live, removal purges', async ({
  page,
  desk,
}) => {
  const owner = newUser('Olivia Owner');
  const guest = newUser('Grace Guest');
  await signUpAndVerify(page, desk, owner);
  const orgId = await createOrgFromSwitcher(page, 'Rocket Team');

  // Owner invites Grace as a developer.
  await sidebar(page).getByRole('link', { name: 'People' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible();
  await page.getByRole('button', { name: 'Invite people' }).click();
  const invite = page.getByRole('dialog', { name: 'Invite to Rocket Team' });
  await invite.getByRole('textbox', { name: 'Email' }).fill(guest.email);
  await invite.getByRole('textbox', { name: 'Name' }).fill(guest.name);
  await invite.getByRole('combobox', { name: 'Role' }).click();
  await page.getByRole('option', { name: 'Developer' }).click();
  await screenshot(page, '20-invite-modal');
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  await expect(invite).toBeHidden();
  const pending = page.getByRole('table', { name: 'Pending invitations' });
  await expect(pending.getByText(guest.email)).toBeVisible();
  await screenshot(page, '21-people-with-invitation');

  // Grace, on her own desktop, opens the mailed link and confirms.
  const second = await desk.secondDesktop();
  await signUpAndVerify(second.page, desk, guest);
  const link = await desk.latestInvitationLink(guest.email);
  expect(await second.openLink(link)).toBe(202);
  await expect(second.page.getByRole('heading', { name: 'Olivia Owner invited you to Rocket Team' })).toBeVisible();
  await expect(second.page.getByText('Developer', { exact: true })).toBeVisible();
  expect(second.page.url()).not.toContain(link.split('/').at(-1) ?? '');
  await screenshot(second.page, '22-invitation-confirm');
  await second.page.getByRole('button', { name: 'Accept and join' }).click();
  await expect(second.page).toHaveURL(orgUrl(orgId));
  await expect(second.page.getByRole('main').getByRole('heading', { level: 1, name: 'Rocket Team' })).toBeVisible();
  await expect(switcherButton(second.page)).toContainText('Rocket Team');
  await expect(sidebar(second.page).getByRole('link', { name: 'People' })).toBeVisible();

  // She appears in the owner's members list without a reload; the invitation is no longer pending.
  const row = page.locator(`tr[data-member="${guest.email}"]`);
  await expect(row).toBeVisible();
  await expect(pending).toBeHidden();
  await screenshot(page, '23-people-with-member');

  // The owner makes her a viewer: her desktop follows (the Console goes away, her role reads Viewer).
  await row.getByRole('combobox', { name: `Role of ${guest.name}` }).click();
  await page.getByRole('option', { name: 'Viewer' }).click();
  await expect(row.getByRole('combobox', { name: `Role of ${guest.name}` })).toHaveValue('Viewer');
  await expect(switcherButton(second.page)).toContainText('Viewer');
  await expect(second.page.getByRole('main').getByText('Viewer', { exact: true })).toBeVisible();
  await expect(sidebar(second.page).getByRole('link', { name: 'People' })).toBeHidden();
  await screenshot(second.page, '24-guest-after-role-change');

  // Member detail drawer.
  await row.getByRole('button', { name: guest.name, exact: true }).click();
  const drawer = page.getByRole('dialog', { name: guest.name });
  await expect(drawer.getByText('What Viewer may do')).toBeVisible();
  await expect(drawer.getByText('runs.read')).toBeVisible();
  await screenshot(page, '25-member-drawer');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  // The owner removes her, after confirming; her desktop loses the org and says so.
  await row.getByRole('button', { name: `Actions for ${guest.name}` }).click();
  await page.getByRole('menuitem', { name: 'Remove from organization…' }).click();
  const confirm = page.getByRole('dialog', { name: `Remove ${guest.name}?` });
  await screenshot(page, '26-remove-confirm');
  await confirm.getByRole('button', { name: 'Remove member' }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toBeHidden();
  await expect(second.page.getByText('You no longer have access to Rocket Team')).toBeVisible();
  await expect(switcherButton(second.page)).not.toContainText('Rocket Team');
  await expect(second.page.getByRole('main').getByRole('heading', { level: 1, name: guest.name })).toBeVisible();
  await screenshot(second.page, '27-guest-removed');
});

test('roles: an owner creates, edits and deletes a custom role; the audit log lists it and exports', async ({
  page,
  desk,
}) => {
  await signUpAndVerify(page, desk, newUser('Rita Roles'));
  await createOrgFromSwitcher(page, 'Role Lab');
  await sidebar(page).getByRole('link', { name: 'Roles & Permissions' }).click();
  await page.getByRole('button', { name: 'Create role' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create a custom role' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Auditor');
  await dialog.getByRole('textbox', { name: 'Rank' }).fill('25');
  await dialog.getByRole('checkbox', { name: 'audit.read' }).check();
  await screenshot(page, '28-role-modal');
  await dialog.getByRole('button', { name: 'Create role' }).click();
  await expect(dialog).toBeHidden();
  const roles = page.getByRole('table', { name: 'Roles' });
  await expect(roles.locator('tr[data-role="Auditor"]')).toContainText('Custom');
  await screenshot(page, '29-roles-page');

  await roles.getByRole('button', { name: 'Edit Auditor' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Auditor' });
  await edit.getByRole('textbox', { name: 'Name' }).fill('Auditors');
  await edit.getByRole('button', { name: 'Save role' }).click();
  await expect(roles.locator('tr[data-role="Auditors"]')).toBeVisible();

  await roles.getByRole('button', { name: 'Delete Auditors' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete the role Auditors?' });
  await expect(confirm).toContainText('move to the default role');
  await confirm.getByRole('button', { name: 'Delete role' }).click();
  await expect(roles.locator('tr[data-role="Auditors"]')).toBeHidden();

  await sidebar(page).getByRole('link', { name: 'Audit Log' }).click();
  const events = page.getByRole('table', { name: 'Audit events' });
  await expect(events.getByText('Auditors').first()).toBeVisible();
  await screenshot(page, '30-audit-log');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^audit-role-lab.*\.csv$/);

  await sidebar(page).getByRole('link', { name: 'Overview' }).click();
  const activity = page
    .getByRole('main')
    .getByText('Recent activity')
    .locator('xpath=ancestor::div[contains(@class,"Paper")][1]');
  await expect(activity.getByRole('listitem')).toHaveCount(3);
  await expect(activity.getByRole('listitem').first()).toContainText('role deleted · Auditors');
  await screenshot(page, '32-overview-activity');
});

test('ownership moves only when the recipient accepts the offer', async ({ page, desk }) => {
  const owner = newUser('Otto Owner');
  const heir = newUser('Hedy Heir');
  await signUpAndVerify(page, desk, owner);
  const orgId = await createOrgFromSwitcher(page, 'Heir Works');
  await sidebar(page).getByRole('link', { name: 'People' }).click();
  await page.getByRole('button', { name: 'Invite people' }).click();
  const invite = page.getByRole('dialog', { name: 'Invite to Heir Works' });
  await invite.getByRole('textbox', { name: 'Email' }).fill(heir.email);
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  await expect(invite).toBeHidden();

  const second = await desk.secondDesktop();
  await signUpAndVerify(second.page, desk, heir);
  expect(await second.openLink(await desk.latestInvitationLink(heir.email))).toBe(202);
  await second.page.getByRole('button', { name: 'Accept and join' }).click();
  await expect(second.page).toHaveURL(orgUrl(orgId));

  const row = page.locator(`tr[data-member="${heir.email}"]`);
  await row.getByRole('button', { name: `Actions for ${heir.name}` }).click();
  await page.getByRole('menuitem', { name: 'Transfer ownership…' }).click();
  const confirm = page.getByRole('dialog', { name: `Transfer ownership to ${heir.name}?` });
  await confirm.getByRole('button', { name: 'Offer ownership' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText(`You offered ownership to ${heir.name}`)).toBeVisible();

  const offer = second.page.getByRole('alert').filter({ hasText: `${owner.name} offered you ownership of Heir Works` });
  await expect(offer).toBeVisible();
  await screenshot(second.page, '31-ownership-offer');
  await offer.getByRole('button', { name: 'Accept ownership' }).click();
  await expect(switcherButton(second.page)).toContainText('Owner');
  await expect(switcherButton(page)).toContainText('Admin');
  await expect(offer).toBeHidden();
});
