// The preload exposes exactly one object, `window.botdesk`, shaped by src/shared/ipc.ts. It never exposes
// ipcRenderer itself, and refuses channels the contract does not name before anything reaches main.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcEventNames, ipcMethodNames, type BotdeskApi, type IpcEvent } from '@shared/ipc';
import { INVOKE_CHANNEL, EVENT_CHANNEL } from '@shared/ipc-channels';

const methods = new Set<string>(ipcMethodNames);
const events = new Set<string>(ipcEventNames);

const api: BotdeskApi = {
  invoke: async (method, input) => {
    if (!methods.has(method))
      return { ok: false, error: { code: 'validation_failed', message: `Unknown method ${method}` } };
    return ipcRenderer.invoke(INVOKE_CHANNEL, method, input);
  },
  on: (event, listener) => {
    if (!events.has(event)) throw new Error(`Unknown event ${event}`);
    const handler = (_e: IpcRendererEvent, name: IpcEvent, payload: unknown) => {
      if (name === event) (listener as (p: unknown) => void)(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('botdesk', api);
