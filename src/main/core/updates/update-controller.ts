import { AppError, assert, assertNever } from '@shared/errors';
import type { UpdateState } from '@shared/schemas/app';
import type { UpdateDriver, UpdateDriverEvent } from '../ports';

/** How often a running app asks the feed for a newer version. */
export const defaultUpdateIntervalMs = 4 * 60 * 60 * 1000;

/** The periodic timer the controller uses; injectable so tests drive time without sleeping. */
export type UpdateTimers = {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
};

export type UpdateControllerOptions = {
  /** null where updates cannot work: development, the bridge, a build without a feed. */
  driver: UpdateDriver | null;
  /** Called with every new state, for the User Center. */
  onState(state: UpdateState): void;
  /** Called once per distinct failure, for a notification; the state carries it as well. */
  onErrorNotice(message: string): void;
  intervalMs?: number;
  now?: () => Date;
  timers?: UpdateTimers;
};

const nodeTimers: UpdateTimers = {
  // A pending update check must never keep the process alive.
  setInterval: (callback, ms) => setInterval(callback, ms).unref(),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

const maxMessageLength = 300;

/** A configured update feed as electron-updater's generic provider wants it: https only, else null. */
export function httpsFeedUrl(raw: string): string | null {
  if (!URL.canParse(raw.trim())) return null;
  const url = new URL(raw.trim());
  if (url.protocol !== 'https:' || url.username || url.password) return null;
  url.search = '';
  url.hash = '';
  // The feed is a folder: latest.yml and the installers are resolved relative to it.
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.toString();
}

/**
 * Decides when to check for updates and what the User Center shows; the driver (electron-updater in
 * the shell) does the checking and downloading. Never throws from a check: failures become state.
 */
export class UpdateController {
  readonly #driver: UpdateDriver | null;
  readonly #onState: (state: UpdateState) => void;
  readonly #onErrorNotice: (message: string) => void;
  readonly #intervalMs: number;
  readonly #now: () => Date;
  readonly #timers: UpdateTimers;
  readonly #noticed = new Set<string>();
  #state: UpdateState;
  #timer: { handle: unknown } | null = null;
  #unsubscribe: (() => void) | null;
  #inFlight: Promise<UpdateState> | null = null;
  #stopped = false;

  constructor(options: UpdateControllerOptions) {
    this.#driver = options.driver;
    this.#onState = options.onState;
    this.#onErrorNotice = options.onErrorNotice;
    this.#intervalMs = options.intervalMs ?? defaultUpdateIntervalMs;
    this.#now = options.now ?? (() => new Date());
    this.#timers = options.timers ?? nodeTimers;
    assert(this.#intervalMs > 0, 'the update interval must be positive');
    this.#state = this.#driver ? { status: 'idle', checkedAt: null } : { status: 'unsupported' };
    this.#unsubscribe = this.#driver ? this.#driver.on((event) => this.#apply(event)) : null;
  }

  /** The current state (for the User Center's first read; later ones arrive through onState). */
  get state(): UpdateState {
    return this.#state;
  }

  /** Checks now and then every interval; does nothing without a driver or when already started. */
  start(): void {
    if (!this.#driver || this.#stopped || this.#timer) return;
    this.#timer = { handle: this.#timers.setInterval(() => void this.check(), this.#intervalMs) };
    void this.check();
  }

  /** Asks the feed for a newer version and resolves with the resulting state; never rejects. */
  check(): Promise<UpdateState> {
    const driver = this.#driver;
    if (!driver || this.#stopped) return Promise.resolve(this.#state);
    // A download under way or waiting for a restart would only start over if checked again.
    if (this.#state.status === 'downloading' || this.#state.status === 'ready') return Promise.resolve(this.#state);
    this.#inFlight ??= this.#runCheck(driver).finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  /** Quits and installs the downloaded update ("restart to update"). */
  install(): void {
    if (!this.#driver || this.#state.status !== 'ready')
      throw new AppError('conflict', 'No update is ready to install');
    this.#driver.quitAndInstall();
  }

  /** Stops the periodic checks and stops listening to the driver; final. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer) this.#timers.clearInterval(this.#timer.handle);
    this.#timer = null;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  async #runCheck(driver: UpdateDriver): Promise<UpdateState> {
    this.#set({ status: 'checking' });
    try {
      await driver.check();
      // A driver that finished without a verdict (an inactive updater) leaves nothing to wait for.
      if (this.#state.status === 'checking') this.#set({ status: 'idle', checkedAt: this.#now().toISOString() });
    } catch (error) {
      // electron-updater reports a failed check as an error event and as a rejection: keep the first.
      if (this.#state.status !== 'error') this.#fail(error instanceof Error ? error.message : String(error));
    }
    return this.#state;
  }

  #apply(event: UpdateDriverEvent): void {
    switch (event.type) {
      case 'checking':
        this.#set({ status: 'checking' });
        break;
      case 'available':
        // Downloads start on their own (autoDownload), so an available update is a download at 0%.
        this.#set({ status: 'downloading', version: event.version, percent: 0 });
        break;
      case 'progress':
        // Progress belongs to the announced download; a late event never undoes 'ready'.
        if (this.#state.status === 'downloading') this.#set({ ...this.#state, percent: wholePercent(event.percent) });
        break;
      case 'downloaded':
        this.#set({ status: 'ready', version: event.version });
        break;
      case 'notAvailable':
        this.#set({ status: 'idle', checkedAt: this.#now().toISOString() });
        break;
      case 'error':
        this.#fail(event.message);
        break;
      default:
        assertNever(event);
    }
  }

  #fail(raw: string): void {
    const message = summarize(raw);
    this.#set({ status: 'error', message });
    // A feed that stays broken would otherwise notify at every periodic check.
    if (this.#noticed.has(message)) return;
    this.#noticed.add(message);
    this.#onErrorNotice(message);
  }

  #set(next: UpdateState): void {
    if (this.#stopped || sameState(this.#state, next)) return;
    this.#state = next;
    this.#onState(next);
  }
}

function wholePercent(percent: number): number {
  if (!Number.isFinite(percent)) return 0;
  return Math.floor(Math.min(100, Math.max(0, percent)));
}

/** electron-updater's messages carry stacks, headers and response bodies; a person needs the first line. */
function summarize(raw: string): string {
  const line = raw
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '');
  if (!line) return 'The update failed';
  return line.length > maxMessageLength ? `${line.slice(0, maxMessageLength - 1)}…` : line;
}

function sameState(a: UpdateState, b: UpdateState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
