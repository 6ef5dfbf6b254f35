import { rm } from 'node:fs/promises';
import { test as base, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { startMailbox } from './mailbox';
import { freePort, startBridge, startServer, tempDir } from './processes';
import type { Running } from './processes';

/** The real sync server of one test: stoppable and restartable on the same port and data folder. */
export type ServerHandle = {
  readonly url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
};

export type Desk = {
  server: ServerHandle;
  /** The verification code the server mailed last to this address. */
  latestCode(email: string): Promise<string>;
  /** Hands the desktop a clicked `botdesk://` link, as the OS does; resolves to the bridge's HTTP status. */
  openLink(url: string): Promise<number>;
  /** The `botdesk://accept-invite/…` link of the invitation mailed last to this address. */
  latestInvitationLink(email: string): Promise<string>;
  /** A second desktop (own bridge, own data folder, own browser context) on the same server, for a second person. */
  secondDesktop(): Promise<OtherDesktop>;
  /** What the desktop shell shows: the notifications so far and the tray (through the bridge's recorder). */
  shell(): Promise<ShellView>;
  /** Clicks a notification, as the OS would: the window goes to its route. */
  clickNotification(route: string): Promise<void>;
};

export type ShellView = {
  notifications: { title: string; body: string; route: string | null; at: string }[];
  tray: { tooltip: string; warning: boolean; items: { kind: string; label?: string; orgId?: string }[] } | null;
};

export type OtherDesktop = { page: Page; openLink(url: string): Promise<number> };

async function openBridgePage(page: Page, bridgeUrl: string) {
  await page.goto(bridgeUrl);
  const headers = { 'x-bridge-secret': new URL(bridgeUrl).searchParams.get('bridgeSecret') ?? '' };
  const post = async (path: string, body: string) =>
    (await fetch(new URL(path, bridgeUrl), { method: 'POST', body, headers })).status;
  return {
    openLink: (url: string) => post('/deep-link', url),
    async shell(): Promise<ShellView> {
      const response = await fetch(new URL('/shell', bridgeUrl), { headers });
      if (!response.ok) throw new Error(`GET /shell answered ${response.status}`);
      return (await response.json()) as ShellView;
    },
    async clickNotification(route: string): Promise<void> {
      const status = await post('/shell/notification-click', route);
      if (status !== 202) throw new Error(`the notification click was refused with ${status}`);
    },
  };
}

/**
 * Every test gets its own mailbox, server (fresh PGlite data folder) and bridge (fresh desktop data
 * folder), and a page opened at the bridge's launch address.
 */
export const test = base.extend<{ desk: Desk }>({
  desk: async ({ page, browser }, use) => {
    // Stopped in reverse order, including when a later start fails.
    const cleanups: (() => Promise<void>)[] = [];
    try {
      const mailbox = await startMailbox();
      cleanups.push(() => mailbox.close());
      const port = await freePort();
      const dataDir = tempDir('server');
      const desktopDir = tempDir('desktop');
      cleanups.push(() => removeDirs(dataDir, desktopDir));
      let server: Running | null = await startServer({ dataDir, port, smtpUrl: mailbox.url });
      cleanups.push(async () => {
        await server?.stop();
        server = null;
      });
      const bridge = await startBridge({ serverUrl: server.url, dataDir: desktopDir, port: await freePort() });
      cleanups.push(() => bridge.stop());
      const handle: ServerHandle = {
        url: server.url,
        async stop() {
          await server?.stop();
          server = null;
        },
        async start() {
          server ??= await startServer({ dataDir, port, smtpUrl: mailbox.url });
        },
      };
      const { openLink, shell, clickNotification } = await openBridgePage(page, bridge.url);
      const secondDesktop = async (): Promise<OtherDesktop> => {
        const dir = tempDir('desktop2');
        cleanups.push(() => removeDirs(dir));
        const other = await startBridge({ serverUrl: handle.url, dataDir: dir, port: await freePort() });
        cleanups.push(() => other.stop());
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        cleanups.push(() => context.close());
        const otherPage = await context.newPage();
        return { page: otherPage, openLink: (await openBridgePage(otherPage, other.url)).openLink };
      };
      await use({
        server: handle,
        latestCode: (email) => mailbox.latestCode(email),
        openLink,
        latestInvitationLink: (email) => mailbox.latestInvitationLink(email),
        secondDesktop,
        shell,
        clickNotification,
      });
    } finally {
      for (const cleanup of cleanups.reverse()) await cleanup();
    }
  },
});

export { expect };

async function removeDirs(...dirs: string[]): Promise<void> {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
}

/** A fresh account per test, so tests share nothing on the server. */
export function newUser(name: string): { name: string; email: string; password: string } {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return {
    name,
    email: `${name.split(' ')[0]?.toLowerCase() ?? 'user'}.${id}@example.test`,
    password: 'correct-horse-battery',
  };
}
