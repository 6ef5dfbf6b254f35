import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { startMailbox } from './support/mailbox';
import { freePort, startServer, tempDir } from './support/processes';

// The real desktop app. Electron's binary is downloaded by its installer, which cannot reach its
// host on the build machines: there this spec reports itself skipped, with the reason.
function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const root = join(import.meta.dirname, '../..');
const token = 'A'.repeat(21) + '_' + 'b'.repeat(20) + 'A';

test.describe('the Electron app', () => {
  test.skip(
    binary === null,
    'No Electron binary on this machine (its download is blocked here); run where `npx electron --version` works',
  );

  test('launches hardened, signs in, and routes a botdesk:// link from the command line', async () => {
    const mailbox = await startMailbox();
    const server = await startServer({
      dataDir: tempDir('electron-server'),
      port: await freePort(),
      smtpUrl: mailbox.url,
    });
    const app = await electron.launch({
      executablePath: binary ?? undefined,
      args: [join(root, 'out/main/index.js'), '--', `botdesk://accept-invite/${token}`],
      env: { ...process.env, BOTDESK_DEFAULT_SERVER_URL: server.url, ELECTRON_ENABLE_LOGGING: '1' },
    });
    try {
      const page = await app.firstWindow();
      expect(page.url()).toMatch(/^app:\/\/botdesk\//);
      // Isolated and sandboxed: the page sees neither Node nor Electron, only window.botdesk.
      const globals = await page.evaluate(() => {
        const w = globalThis as unknown as Record<string, unknown>;
        return { require: typeof w.require, process: typeof w.process, botdesk: Object.keys(w.botdesk ?? {}).sort() };
      });
      expect(globals).toEqual({ require: 'undefined', process: 'undefined', botdesk: ['invoke', 'on'] });
      const opened = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
      await page.evaluate(
        () => void (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/'),
      );
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(opened);

      await page.getByRole('link', { name: 'Create an account' }).click();
      await page.getByLabel('Name').fill('Smoke Tester');
      await page.getByLabel('Email').fill('smoke@example.test');
      await page.getByLabel('Password').fill('correct-horse-battery');
      await page.getByLabel('Server URL').fill(server.url);
      await page.getByRole('button', { name: 'Sign up' }).click();
      await page.getByLabel('Verification code').fill(await mailbox.latestCode('smoke@example.test'));
      await page.getByRole('button', { name: 'Verify email' }).click();
      // The link waited through sign-in and now opens its confirmation page; nothing is accepted.
      await expect(page.getByRole('heading', { level: 1, name: 'Invitation' })).toBeVisible();
    } finally {
      await app.close();
      await server.stop();
      await mailbox.close();
    }
  });
});
