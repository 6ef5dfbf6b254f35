// The only module that touches `window.botdesk`: Electron's preload when present, otherwise the
// development bridge over a WebSocket. Everything else calls invoke/on/mutate from here.
import { BRIDGE_SECRET_PARAM } from '@shared/bridge-protocol';
import { appErrorFromBody } from '@shared/errors';
import { ipcMethods } from '@shared/ipc';
import type { BotdeskApi, IpcEvent, IpcEventPayload, IpcInput, IpcMethod, IpcOutput } from '@shared/ipc';
import { mutators } from '@shared/mutators';
import type { MutatorArgs, MutatorName, MutatorResult } from '@shared/mutators';
import { createBridgeClient } from './bridge-client';
import type { BridgeClient, BridgeConnection } from './bridge-client';

declare global {
  interface Window {
    botdesk?: BotdeskApi;
  }
}

const secretKey = 'botdesk.bridgeSecret';

/** Takes the secret from the launch URL once, keeps it for reloads of this tab, and wipes it from the address bar. */
function takeBridgeSecret(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get(BRIDGE_SECRET_PARAM);
  if (fromUrl) {
    sessionStorage.setItem(secretKey, fromUrl);
    url.searchParams.delete(BRIDGE_SECRET_PARAM);
    window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  return sessionStorage.getItem(secretKey) ?? '';
}

function connectBridge(): BridgeClient {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return createBridgeClient({ url: `${scheme}://${window.location.host}/bridge`, secret: takeBridgeSecret() });
}

const bridge: BridgeClient | null = window.botdesk ? null : connectBridge();
const api: BotdeskApi = window.botdesk ?? (bridge as BridgeClient);

/** Calls the main process; resolves to the method's output or throws the AppError it answered with. */
export async function invoke<M extends IpcMethod>(method: M, input: IpcInput<M>): Promise<IpcOutput<M>> {
  const response = await api.invoke(method, input);
  if (!response.ok) throw appErrorFromBody(response.error);
  const parsed = ipcMethods[method].output.safeParse(response.value);
  if (!parsed.success) throw appErrorFromBody(null, `The desktop core answered ${method} with an unexpected shape`);
  return parsed.data as IpcOutput<M>;
}

/** Listens to a main-process event; returns the function that stops listening. */
export function on<E extends IpcEvent>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void {
  return api.on(event, listener);
}

/** Runs a named mutator (optimistic or online) in an organization, typed by the mutator's name. */
export async function mutate<N extends MutatorName>(
  orgId: string | null,
  name: N,
  args: MutatorArgs<N>,
): Promise<MutatorResult<N>> {
  const value = await invoke('mutate', { orgId, name, args });
  const parsed = mutators[name].result.safeParse(value);
  if (!parsed.success) throw appErrorFromBody(null, `The desktop core answered ${name} with an unexpected shape`);
  return parsed.data as MutatorResult<N>;
}

/** The bridge link's state; inside Electron the preload is always there. */
export function bridgeConnection(): BridgeConnection {
  return bridge?.connection() ?? 'open';
}

export function onBridgeConnection(listener: (state: BridgeConnection) => void): () => void {
  return bridge?.onConnection(listener) ?? (() => undefined);
}
