// Electron entry: app lifecycle only. Everything that can be decided without Electron lives in ../core.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow } from 'electron';
import { createCore, type Core } from '../core/create-core';
import { openSecretStore } from '../core/secrets/open-secret-store';
import { JsonFilePrefsStore } from '../core/prefs/json-file-prefs-store';
import { registerIpc } from './ipc';
import { createMainWindow, preloadPath } from './window';

const rendererUrl = !app.isPackaged ? (process.env['ELECTRON_RENDERER_URL'] ?? null) : null;
const rendererFile = join(__dirname, '../renderer/index.html');

let core: Core | null = null;
let mainWindow: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => focusWindow());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('before-quit', () => {
    void core?.close();
  });
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  core = await createCore({
    dataDir,
    secretStore: await openSecretStore(),
    prefs: new JsonFilePrefsStore(join(dataDir, 'preferences.json')),
  });
  registerIpc(core, { rendererUrl, rendererFileUrl: pathToFileURL(rendererFile).href }, () => mainWindow);
  openWindow();
}

function openWindow(): void {
  mainWindow = createMainWindow({ preloadPath: preloadPath(__dirname), rendererUrl, rendererFile });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

function focusWindow(): void {
  if (!mainWindow) return openWindow();
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}
