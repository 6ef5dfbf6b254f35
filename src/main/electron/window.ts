import { join } from 'node:path';
import { BrowserWindow, screen, session, shell } from 'electron';
import type { PrefsStore } from '../core/ports';
import { isAllowedPermission, isAppPageUrl } from '../core/security/app-page';
import type { AppPage } from '../core/security/app-page';
import { isAllowedExternalUrl } from '../core/security/external-url';
import { mainWindowOptions } from '../core/security/window-options';

/** Session-wide guards, once: only notifications may be granted, no <webview> may attach. */
export function hardenSession(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, permission, grant) =>
    grant(isAllowedPermission(permission)),
  );
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => isAllowedPermission(permission));
}

/** The one window factory: every window Botdesk opens is hardened the same way. */
export function createMainWindow(options: {
  preloadPath: string;
  page: AppPage;
  prefs: PrefsStore;
  /** The in-app route to open on (a hash route, e.g. from a notification click); null: the home. */
  route?: string | null;
}): BrowserWindow {
  const displays = screen.getAllDisplays().map((d) => d.workArea);
  const win = new BrowserWindow(
    mainWindowOptions({ preloadPath: options.preloadPath, bounds: options.prefs.get('windowBounds'), displays }),
  );
  if (options.prefs.get('windowMaximized')) win.maximize();
  win.once('ready-to-show', () => win.show());
  const contents = win.webContents;
  // Navigation away from the app and new windows are refused; vetted links open in the system browser.
  const stayInApp = (event: Electron.Event, url: string) => {
    if (!isAppPageUrl(url, options.page)) event.preventDefault();
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternal(url);
    return { action: 'deny' };
  });
  win.on('close', () => {
    options.prefs.set('windowMaximized', win.isMaximized());
    if (!win.isMaximized() && !win.isMinimized()) options.prefs.set('windowBounds', win.getBounds());
  });
  void win.loadURL(options.route ? `${options.page.entryUrl}#${options.route}` : options.page.entryUrl);
  return win;
}

/** The one way out of the app: https and mailto links, parsed first, to the system's handler. */
export function openExternal(url: string): void {
  if (isAllowedExternalUrl(url)) void shell.openExternal(url);
}

export function preloadPath(dir: string): string {
  return join(dir, '../preload/index.cjs');
}
