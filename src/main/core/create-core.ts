import type { IpcEvent, IpcEventPayload, IpcMethod, IpcResponse } from '@shared/ipc';
import { ipcMethods } from '@shared/ipc';
import { AppError } from '@shared/errors';
import { DeepLinkHandoff } from './deep-links/deep-link-handoff';
import { DeepLinkQueue } from './deep-links/deep-link-queue';
import { findDeepLinkInArgv } from './deep-links/find-deep-link-in-argv';
import { parseDeepLink } from './deep-links/deep-link-url';
import { CoreEvents } from './events';
import type { Notifier, PrefsStore, SecretStore, TrayView, UpdateDriver } from './ports';
import { createHandlers } from './services/handlers';
import type { Handlers } from './services/handlers';
import { SessionManager } from './services/session';
import { AppShell } from './shell/app-shell';
import type { ShellInfo } from './shell/app-shell';
import type { FetchFn } from './sync/http-client';
import { UpdateController } from './updates/update-controller';
import { formatIssues } from './validation';

export type CoreOptions = {
  dataDir: string;
  secretStore: SecretStore;
  prefs: PrefsStore;
  notifier?: Notifier;
  fetch?: FetchFn;
  /** What the Electron shell provides; the bridge and tests leave it out. */
  shell?: { info: ShellInfo; tray?: TrayView | null; updateDriver?: UpdateDriver | null };
};

/** The main process minus Electron: what the IPC layer and the bridge call. */
export type Core = {
  invoke(method: string, input: unknown): Promise<IpcResponse<unknown>>;
  on<E extends IpcEvent>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void;
  /** A `botdesk://` URL from the OS (macOS open-url); false when it is not a valid link. */
  receiveDeepLink(url: string): boolean;
  /** A command line (cold start or second-instance) that may carry a link. */
  receiveArgv(argv: readonly string[]): boolean;
  /** The User Center went away (closed, reloading, crashed): links wait until it asks again. */
  pageGone(): void;
  close(): Promise<void>;
};

const bridgeInfo: ShellInfo = { version: '0.0.0-dev', platform: process.platform, desktop: false };

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
  const shell = new AppShell({
    info: options.shell?.info ?? bridgeInfo,
    prefs: options.prefs,
    events,
    session,
    secretStore: options.secretStore,
    notifier: options.notifier ?? null,
    tray: options.shell?.tray ?? null,
  });
  const updates = new UpdateController({
    driver: options.shell?.updateDriver ?? null,
    onState: (state) => events.emit('app.update', state),
    onErrorNotice: (message) =>
      events.emit('notice', { level: 'warning', title: 'Botdesk could not update', message, orgId: null }),
  });
  const deepLinks = new DeepLinkQueue();
  const handoff = new DeepLinkHandoff(deepLinks, (pending) => events.emit('app.deepLink', { pending }));
  const handlers = createHandlers({
    session,
    events,
    prefs: options.prefs,
    fetch: fetchFn,
    shell,
    updates,
    deepLinks: handoff,
  });
  wireShell(events, shell, deepLinks);
  await session.restore();
  deepLinks.setSignedIn(session.state().status === 'signedIn');
  updates.start();
  shell.refreshTray();
  let closed = false;

  return {
    async invoke(method, input) {
      if (closed) return failure(new AppError('internal', 'Botdesk is shutting down'));
      if (!Object.hasOwn(ipcMethods, method))
        return failure(new AppError('validation_failed', `Unknown method "${method}"`));
      return run(handlers, method as IpcMethod, input);
    },
    on: (event, listener) => events.on(event, listener),
    receiveDeepLink: (url) => pushLink(deepLinks, parseDeepLink(url)),
    receiveArgv: (argv) => pushLink(deepLinks, findDeepLinkInArgv(argv)),
    pageGone: () => handoff.rendererGone(),
    async close() {
      if (closed) return;
      closed = true;
      updates.stop();
      handoff.dispose();
      await session.close();
      events.clear();
    },
  };
}

function pushLink(queue: DeepLinkQueue, link: ReturnType<typeof parseDeepLink>): boolean {
  if (!link) return false;
  queue.push(link);
  return true;
}

/** Notices become desktop notifications; the tray and the link gate follow the session and sync. */
function wireShell(events: CoreEvents, shell: AppShell, deepLinks: DeepLinkQueue): void {
  events.on('notice', (notice) => {
    if (notice.level === 'info') return;
    shell.notify({ title: notice.title, body: notice.message, route: notice.orgId ? `/orgs/${notice.orgId}` : null });
  });
  events.on('session.changed', (state) => {
    deepLinks.setSignedIn(state.status === 'signedIn');
    shell.refreshTray();
  });
  events.on('sync.status', () => shell.refreshTray());
  events.on('data.changed', () => {
    shell.announceAlerts();
    shell.refreshTray();
  });
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
