import type { IpcEvent, IpcEventPayload, IpcMethod, IpcResponse } from '@shared/ipc';
import { ipcMethods } from '@shared/ipc';
import { AppError } from '@shared/errors';
import { CoreEvents } from './events';
import type { Notifier, PrefsStore, SecretStore } from './ports';
import { createHandlers } from './services/handlers';
import type { Handlers } from './services/handlers';
import { SessionManager } from './services/session';
import type { FetchFn } from './sync/http-client';
import { formatIssues } from './validation';

export type CoreOptions = {
  dataDir: string;
  secretStore: SecretStore;
  prefs: PrefsStore;
  notifier?: Notifier;
  fetch?: FetchFn;
};

/** The main process minus Electron: what the IPC layer and the bridge call. */
export type Core = {
  invoke(method: string, input: unknown): Promise<IpcResponse<unknown>>;
  on<E extends IpcEvent>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void;
  close(): Promise<void>;
};

/** Builds the core and restores the remembered user's workspace (offline-first: no network wait). */
export async function createCore(options: CoreOptions): Promise<Core> {
  const events = new CoreEvents();
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const session = new SessionManager({
    dataDir: options.dataDir,
    secretStore: options.secretStore,
    prefs: options.prefs,
    fetch: fetchFn,
    events,
  });
  const handlers = createHandlers({ session, events, prefs: options.prefs, fetch: fetchFn });
  if (options.notifier) forwardNotices(events, options.notifier);
  await session.restore();
  let closed = false;

  return {
    async invoke(method, input) {
      if (closed) return failure(new AppError('internal', 'Botdesk is shutting down'));
      if (!Object.hasOwn(ipcMethods, method))
        return failure(new AppError('validation_failed', `Unknown method "${method}"`));
      return run(handlers, method as IpcMethod, input);
    },
    on: (event, listener) => events.on(event, listener),
    async close() {
      if (closed) return;
      closed = true;
      await session.close();
      events.clear();
    },
  };
}

async function run(handlers: Handlers, method: IpcMethod, input: unknown): Promise<IpcResponse<unknown>> {
  const parsed = ipcMethods[method].input.safeParse(input ?? {});
  if (!parsed.success) return failure(new AppError('validation_failed', formatIssues(parsed.error)));
  try {
    const handler = handlers[method] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    if (error instanceof AppError) return failure(error);
    // Internals (stack, SQL, paths) stay in the main process.
    return failure(new AppError('internal', 'Something went wrong in Botdesk; try again'));
  }
}

function failure(error: AppError): IpcResponse<unknown> {
  return { ok: false, error: error.toBody() };
}

/** Errors and warnings about the user's data also reach the desktop when the window is closed. */
function forwardNotices(events: CoreEvents, notifier: Notifier): void {
  events.on('notice', (notice) => {
    if (notice.level === 'info') return;
    notifier.show({ title: notice.title, body: notice.message, route: notice.orgId ? `/orgs/${notice.orgId}` : null });
  });
}
