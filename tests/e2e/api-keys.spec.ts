import { expect, newUser, test } from './support/fixtures';
import { screenshot, sidebar, signUpAndVerify } from './support/user-center';

test('an owner creates an API key, sees its secret once, and revokes it after confirming', async ({ page, desk }) => {
  const owner = newUser('Kira Keys');
  await signUpAndVerify(page, desk, owner);

  await sidebar(page).getByRole('link', { name: 'API Keys' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'API Keys' })).toBeVisible();
  await expect(page.getByText('No API keys yet')).toBeVisible();
  await screenshot(page, '40-api-keys-empty');

  // Create: name, type, scopes limited to the owner's own permissions (runs.execute is preselected).
  await page.getByRole('button', { name: 'Create API key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create API key' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Warehouse runner');
  await dialog.getByText('AI agent', { exact: true }).click();
  await expect(dialog.getByRole('checkbox', { name: 'runs.execute' })).toBeChecked();
  await dialog.getByRole('checkbox', { name: 'usage.read' }).check();
  await screenshot(page, '41-api-key-create');
  await dialog.getByRole('button', { name: 'Create key' }).click();

  // The secret is shown this once, with a copy button and the warning.
  const ready = page.getByRole('dialog', { name: 'Warehouse runner is ready' });
  await expect(ready.getByText('You will not see this again')).toBeVisible();
  const secret = (await ready.getByLabel('API key secret').textContent()) ?? '';
  expect(secret).toMatch(/^bd_ai_agent_[0-9A-Za-z]{30}_[0-9A-Za-z]{6}$/);
  await expect(ready.getByRole('button', { name: 'Copy the key' })).toBeVisible();
  await screenshot(page, '42-api-key-secret');
  await ready.getByRole('button', { name: 'I have copied the key' }).click();
  await expect(ready).toBeHidden();

  // The row shows its prefix (never the secret), type, scopes, creator and status.
  const row = page.locator('tr[data-api-key="Warehouse runner"]');
  await expect(row).toBeVisible();
  const prefix = secret.slice(0, 'bd_ai_agent_'.length + 8);
  await expect(row.getByText(`${prefix}…`)).toBeVisible();
  await expect(row.getByText('AI agent')).toBeVisible();
  await expect(row.getByText('usage.read')).toBeVisible();
  await expect(row.getByText(owner.name)).toBeVisible();
  await expect(row.getByText('Never')).toBeVisible();
  await expect(row.getByText('Active')).toBeVisible();
  await expect(page.getByText(secret)).toHaveCount(0);
  await screenshot(page, '43-api-keys-table');

  // Opening the dialog again starts fresh: the secret is gone for good.
  await page.getByRole('button', { name: 'Create API key' }).click();
  await expect(page.getByRole('dialog', { name: 'Create API key' })).toBeVisible();
  await expect(page.getByText(secret)).toHaveCount(0);
  await page.getByRole('dialog', { name: 'Create API key' }).getByRole('button', { name: 'Cancel' }).click();

  // Revoke, after confirming; the key is refused by the server and shows as revoked.
  await row.getByRole('button', { name: 'Revoke Warehouse runner' }).click();
  const confirm = page.getByRole('dialog', { name: 'Revoke Warehouse runner?' });
  await expect(confirm.getByText('permanent')).toBeVisible();
  await screenshot(page, '44-api-key-revoke-confirm');
  await confirm.getByRole('button', { name: 'Revoke key' }).click();
  await expect(confirm).toBeHidden();
  await expect(row.getByText('Revoked')).toBeVisible();
  await expect(row.getByRole('button', { name: 'Revoke Warehouse runner' })).toHaveCount(0);
  await screenshot(page, '45-api-keys-revoked');
});
