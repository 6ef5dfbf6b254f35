import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app } from 'electron';
import type { UpdateDriver, UpdateDriverEvent } from '../core/ports';
import { httpsFeedUrl } from '../core/updates/update-controller';

/**
 * electron-updater behind the core's UpdateDriver port (call once). null where this install cannot
 * update: not packaged, a feed URL that is not https, or neither a feed URL nor an app-update.yml.
 */
export async function createElectronUpdateDriver(options: {
  feedUrl: string | null;
  log: (msg: string) => void;
}): Promise<UpdateDriver | null> {
  const { feedUrl, log } = options;
  if (!app.isPackaged) return null;
  const url = feedUrl === null ? null : httpsFeedUrl(feedUrl);
  if (feedUrl !== null && url === null) {
    log(`updates are off: the update feed URL must be https, got ${JSON.stringify(feedUrl)}`);
    return null;
  }
  if (url === null && !existsSync(join(process.resourcesPath, 'app-update.yml'))) return null;

  // Loaded only where updates can work (~60 ms of start-up otherwise). It is CommonJS: Node's ESM
  // loader cannot see `autoUpdater` as a named export, so it comes from the default export.
  const { autoUpdater } = (await import('electron-updater')).default;
  autoUpdater.logger = { info: (m) => log(String(m)), warn: (m) => log(String(m)), error: (m) => log(String(m)) };
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  if (url !== null) autoUpdater.setFeedURL({ provider: 'generic', url });
  // Inactive, e.g., on Linux outside an AppImage: a check would silently do nothing.
  if (!autoUpdater.isUpdaterActive()) return null;

  const listeners = new Set<(event: UpdateDriverEvent) => void>();
  const emit = (event: UpdateDriverEvent) => listeners.forEach((listener) => listener(event));
  autoUpdater.on('checking-for-update', () => emit({ type: 'checking' }));
  autoUpdater.on('update-available', (info) => emit({ type: 'available', version: info.version }));
  autoUpdater.on('update-not-available', () => emit({ type: 'notAvailable' }));
  autoUpdater.on('download-progress', (progress) => emit({ type: 'progress', percent: progress.percent }));
  autoUpdater.on('update-downloaded', (event) => emit({ type: 'downloaded', version: event.version }));
  // Listened to for the app's lifetime: an 'error' event without a listener throws inside electron-updater.
  autoUpdater.on('error', (error, message) => {
    log(`update failed: ${message ?? error.stack ?? error.message}`);
    emit({ type: 'error', message: error.message });
  });

  return {
    async check() {
      const result = await autoUpdater.checkForUpdates();
      // The download goes on in the background; a failure also arrives as an 'error' event.
      void result?.downloadPromise?.catch(() => undefined);
    },
    quitAndInstall: () => autoUpdater.quitAndInstall(),
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
