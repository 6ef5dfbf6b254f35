import { join } from 'node:path';
import { BrowserWindow, shell } from 'electron';
import { isAllowedExternalUrl } from '../core/security/external-url';

/** The one window factory: every window Botdesk opens is hardened the same way. */
export function createMainWindow(options: { preloadPath: string; rendererUrl: string | null; rendererFile: string }): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Botdesk',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  // Navigation away from the app and new windows are refused; vetted links open in the system browser.
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  if (options.rendererUrl) void win.loadURL(options.rendererUrl);
  else void win.loadFile(options.rendererFile);
  return win;
}

export function preloadPath(dir: string): string {
  return join(dir, '../preload/index.cjs');
}
