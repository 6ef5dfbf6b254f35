import { ipcMain, type BrowserWindow, type WebFrameMain } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '@shared/ipc-channels';
import { ipcEventNames } from '@shared/ipc';
import type { Core } from '../core/create-core';
import { isTrustedSenderUrl } from '../core/security/trusted-sender';

type AppPage = { rendererUrl: string | null; rendererFileUrl: string };

/** Wires the contract's one invoke channel to the core; the core parses every input with zod. */
export function registerIpc(core: Core, page: AppPage, getWindow: () => BrowserWindow | null): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, input: unknown) => {
    if (!isTrusted(event.senderFrame, page)) {
      return { ok: false, error: { code: 'forbidden', message: 'This page may not talk to Botdesk.' } };
    }
    if (typeof method !== 'string') return { ok: false, error: { code: 'validation_failed', message: 'Missing method' } };
    return core.invoke(method, input);
  });
  const unsubscribers = ipcEventNames.map((name) =>
    core.on(name, (payload) => getWindow()?.webContents.send(EVENT_CHANNEL, name, payload)),
  );
  return () => {
    ipcMain.removeHandler(INVOKE_CHANNEL);
    for (const off of unsubscribers) off();
  };
}

function isTrusted(frame: WebFrameMain | null, page: AppPage): boolean {
  return frame !== null && frame.parent === null && isTrustedSenderUrl(frame.url, page);
}
