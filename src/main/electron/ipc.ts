import { ipcMain } from 'electron';
import type { BrowserWindow } from 'electron';
import { ipcEventNames } from '@shared/ipc';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '@shared/ipc-channels';
import type { Core } from '../core/create-core';
import type { AppPage } from '../core/security/app-page';
import { answerInvoke } from '../core/security/ipc-guard';

/** Wires the contract's one invoke channel to the core (sender checked, input parsed by the core). */
export function registerIpc(core: Core, page: AppPage, getWindow: () => BrowserWindow | null): () => void {
  ipcMain.handle(INVOKE_CHANNEL, (event, method: unknown, input: unknown) => {
    const frame = event.senderFrame;
    const sender = frame ? { url: frame.url, isMainFrame: frame.parent === null } : null;
    return answerInvoke(core, page, sender, method, input);
  });
  const unsubscribers = ipcEventNames.map((name) =>
    core.on(name, (payload) => getWindow()?.webContents.send(EVENT_CHANNEL, name, payload)),
  );
  return () => {
    ipcMain.removeHandler(INVOKE_CHANNEL);
    for (const off of unsubscribers) off();
  };
}
