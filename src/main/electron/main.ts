// Electron entry: app lifecycle only. Everything that can be decided without Electron lives in ../core.
import { join } from 'node:path';
import { app } from 'electron';
import type { BrowserWindow } from 'electron';
import { EVENT_CHANNEL } from '@shared/ipc-channels';
import { createCore } from '../core/create-core';
import type { Core } from '../core/create-core';
import { appPage } from '../core/security/app-page';
import { tokenAccount } from '../core/services/session';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { loadDesktopEnv } from './env';
import { registerIpc } from './ipc';
import { createNotifier } from './notifier';
import { ElectronPrefsStore } from './prefs-store';
import { registerProtocolClient } from './protocol-client';
import { openDesktopSecretStore } from './secret-store';
import { createTray } from './tray';
import { createElectronUpdateDriver } from './updater';
import { createMainWindow, hardenSession, preloadPath } from './window';

const env = loadDesktopEnv();
const devServerUrl = !app.isPackaged ? (env.ELECTRON_RENDERER_URL ?? null) : null;
const page = appPage(devServerUrl);
const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(app.getAppPath(), 'resources');

let core: Core | null = null;
let prefs: ElectronPrefsStore | null = null;
let mainWindow: BrowserWindow | null = null;
let quitting = false;
// Links that arrive before the core exists (macOS delivers open-url before ready; a second launch
// may come while the core is still starting).
const earlyUrls: string[] = [];
const earlyArgv: string[][] = [];

registerAppScheme();
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('open-url', (event, url) => {
    event.preventDefault();
    if (core) core.receiveDeepLink(url);
    else earlyUrls.push(url);
    showWindow();
  });
  app.on('second-instance', (_event, argv) => {
    if (core) core.receiveArgv(argv);
    else earlyArgv.push(argv);
    showWindow();
  });
  app.on('window-all-closed', () => {
    // Reached only when the window really closed (not hidden to the tray).
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => showWindow());
  app.on('before-quit', () => {
    quitting = true;
    void core?.close();
  });
  if (process.platform === 'win32') app.setAppUserModelId('dev.botdesk.desktop');
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  const store = new ElectronPrefsStore();
  prefs = store;
  const lastUser = store.get('lastUserId');
  if (!store.get('lastServerUrl') && env.BOTDESK_DEFAULT_SERVER_URL)
    store.set('lastServerUrl', env.BOTDESK_DEFAULT_SERVER_URL);
  const secretStore = await openDesktopSecretStore(dataDir, lastUser ? [tokenAccount(lastUser)] : []);
  hardenSession();
  if (!devServerUrl) serveRenderer(join(__dirname, '../renderer'));
  registerProtocolClient({
    iconPath: join(resourcesDir, 'icon.png'),
    appImage: env.APPIMAGE ?? null,
    dataHome: env.XDG_DATA_HOME ?? null,
  });
  const tray = createTray(resourcesDir, {
    open: () => showWindow(),
    togglePause: () =>
      void core?.invoke('app.updateSettings', { notificationsPaused: !store.get('notificationsPaused') }),
    quit: () => app.quit(),
    openOrg: (orgId) => showWindow(`/orgs/${orgId}/usage`),
  });
  core = await createCore({
    dataDir,
    secretStore,
    prefs: store,
    // A notification click brings the window forward on the notification's page.
    notifier: createNotifier((route) => showWindow(route)),
    shell: {
      info: { version: app.getVersion(), platform: process.platform, desktop: true },
      tray,
      updateDriver: await createElectronUpdateDriver({
        feedUrl: env.BOTDESK_UPDATE_URL ?? null,
        log: (message) => console.log(`[updater] ${message}`),
      }),
    },
  });
  registerIpc(core, page, () => mainWindow);
  core.receiveArgv(process.argv);
  for (const url of earlyUrls.splice(0)) core.receiveDeepLink(url);
  for (const argv of earlyArgv.splice(0)) core.receiveArgv(argv);
  showWindow();
}

/** Shows the window (on `route` when given), creating it when it was closed to the tray. */
function showWindow(route: string | null = null): void {
  if (!core || !prefs || !app.isReady()) return;
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
    if (route) mainWindow.webContents.send(EVENT_CHANNEL, 'app.navigate', { route });
    return;
  }
  const windowPrefs = prefs;
  // A new window starts on the route: a message sent before its page loads would be lost.
  const win = createMainWindow({ preloadPath: preloadPath(__dirname), page, prefs: windowPrefs, route });
  // The page says it is listening by asking for links (app.takeDeepLinks); a reload or crash resets that.
  win.webContents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) core?.pageGone();
  });
  win.webContents.on('render-process-gone', () => core?.pageGone());
  win.on('close', (event) => {
    // Closing keeps Botdesk in the tray (a preference), so credit alerts still reach the person.
    if (!quitting && windowPrefs.get('closeToTray')) {
      event.preventDefault();
      win.hide();
    }
  });
  win.on('closed', () => {
    core?.pageGone();
    mainWindow = null;
  });
  mainWindow = win;
}
