import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { updateStateSchema } from '@shared/schemas/app';
import type { UpdateState } from '@shared/schemas/app';
import type { UpdateDriver, UpdateDriverEvent } from '../ports';
import { defaultUpdateIntervalMs, httpsFeedUrl, UpdateController } from './update-controller';
import type { UpdateTimers } from './update-controller';

const checkedAt = new Date('2030-04-05T06:07:08.000Z');

/** Stands in for electron-updater: a check runs `onCheck`, which emits whatever the test scripts. */
class FakeDriver implements UpdateDriver {
  readonly listeners = new Set<(event: UpdateDriverEvent) => void>();
  checks = 0;
  installs = 0;
  onCheck: (driver: FakeDriver) => Promise<void> | void = (d) => {
    d.emit({ type: 'checking' });
    d.emit({ type: 'notAvailable' });
  };

  async check(): Promise<void> {
    this.checks++;
    await this.onCheck(this);
  }

  quitAndInstall(): void {
    this.installs++;
  }

  on(listener: (event: UpdateDriverEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: UpdateDriverEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function fakeTimers() {
  const intervals = new Map<number, { callback: () => void; ms: number }>();
  let nextId = 1;
  const timers: UpdateTimers = {
    setInterval(callback, ms) {
      const id = nextId++;
      intervals.set(id, { callback, ms });
      return id;
    },
    clearInterval(handle) {
      intervals.delete(handle as number);
    },
  };
  /** Fires every interval once, as if its period had passed. */
  const elapse = () => {
    for (const { callback } of [...intervals.values()]) callback();
  };
  return { timers, intervals, elapse };
}

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets pending promise callbacks run (no timers involved). */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

function setup(driver: FakeDriver | null = new FakeDriver(), intervalMs?: number) {
  const states: UpdateState[] = [];
  const notices: string[] = [];
  const clock = fakeTimers();
  const controller = new UpdateController({
    driver,
    // Every state the User Center receives must satisfy the shared contract.
    onState: (state) => states.push(updateStateSchema.parse(state)),
    onErrorNotice: (message) => notices.push(message),
    now: () => checkedAt,
    timers: clock.timers,
    ...(intervalMs ? { intervalMs } : {}),
  });
  return { controller, driver, states, notices, clock };
}

describe('without a driver (development, bridge, no feed)', () => {
  it('is unsupported, schedules nothing and refuses to install', async () => {
    const { controller, states, clock } = setup(null);
    expect(controller.state).toEqual({ status: 'unsupported' });
    controller.start();
    expect(clock.intervals.size).toBe(0);
    await expect(controller.check()).resolves.toEqual({ status: 'unsupported' });
    expect(() => controller.install()).toThrow(AppError);
    expect(states).toEqual([]);
  });
});

describe('checking', () => {
  it('checks at once on start and again every interval (4 hours by default)', async () => {
    const { controller, driver, clock } = setup();
    expect(controller.state).toEqual({ status: 'idle', checkedAt: null });
    controller.start();
    controller.start();
    expect(driver?.checks).toBe(1);
    expect([...clock.intervals.values()].map((i) => i.ms)).toEqual([defaultUpdateIntervalMs]);
    expect(defaultUpdateIntervalMs).toBe(4 * 60 * 60 * 1000);
    await settle();
    clock.elapse();
    await settle();
    clock.elapse();
    expect(driver?.checks).toBe(3);
  });

  it('honours a custom interval', () => {
    const { controller, clock } = setup(new FakeDriver(), 60_000);
    controller.start();
    expect([...clock.intervals.values()].map((i) => i.ms)).toEqual([60_000]);
  });

  it('shows checking, then idle with the time of the check when no update exists', async () => {
    const { controller, states } = setup();
    const result = await controller.check();
    expect(result).toEqual({ status: 'idle', checkedAt: checkedAt.toISOString() });
    expect(states).toEqual([{ status: 'checking' }, { status: 'idle', checkedAt: checkedAt.toISOString() }]);
  });

  it('returns to idle when the driver finishes without a verdict', async () => {
    const driver = new FakeDriver();
    driver.onCheck = () => {};
    const { controller } = setup(driver);
    await expect(controller.check()).resolves.toEqual({ status: 'idle', checkedAt: checkedAt.toISOString() });
  });

  it('never runs two checks at once: a timer or a click during a check joins it', async () => {
    const driver = new FakeDriver();
    const gate = deferred();
    driver.onCheck = async (d) => {
      d.emit({ type: 'checking' });
      await gate.promise;
      d.emit({ type: 'notAvailable' });
    };
    const { controller, clock } = setup(driver);
    controller.start();
    clock.elapse();
    const clicked = controller.check();
    expect(driver.checks).toBe(1);
    gate.resolve();
    await expect(clicked).resolves.toMatchObject({ status: 'idle' });
    driver.onCheck = (d) => d.emit({ type: 'notAvailable' });
    await controller.check();
    expect(driver.checks).toBe(2);
  });
});

describe('downloading and installing', () => {
  function updatingDriver() {
    const driver = new FakeDriver();
    driver.onCheck = (d) => {
      d.emit({ type: 'checking' });
      d.emit({ type: 'available', version: '1.4.0' });
    };
    return driver;
  }

  it('shows the download with whole percentages, then ready, and installs on request', async () => {
    const driver = updatingDriver();
    const { controller, states } = setup(driver);
    await expect(controller.check()).resolves.toEqual({ status: 'downloading', version: '1.4.0', percent: 0 });
    driver.emit({ type: 'progress', percent: 42.7 });
    driver.emit({ type: 'progress', percent: 42.9 });
    driver.emit({ type: 'progress', percent: 130 });
    driver.emit({ type: 'downloaded', version: '1.4.0' });
    expect(states).toEqual([
      { status: 'checking' },
      { status: 'downloading', version: '1.4.0', percent: 0 },
      { status: 'downloading', version: '1.4.0', percent: 42 },
      { status: 'downloading', version: '1.4.0', percent: 100 },
      { status: 'ready', version: '1.4.0' },
    ]);
    controller.install();
    expect(driver.installs).toBe(1);
  });

  it('refuses to install before an update is ready, with a conflict', async () => {
    const driver = updatingDriver();
    const { controller } = setup(driver);
    expect(() => controller.install()).toThrow(
      expect.objectContaining({ code: 'conflict', message: 'No update is ready to install' }),
    );
    await controller.check();
    expect(() => controller.install()).toThrow(AppError);
    expect(driver.installs).toBe(0);
  });

  it('does not restart a running or finished download when the next check is due', async () => {
    const driver = updatingDriver();
    const { controller, clock } = setup(driver);
    controller.start();
    await settle();
    clock.elapse();
    expect(driver.checks).toBe(1);
    driver.emit({ type: 'downloaded', version: '1.4.0' });
    clock.elapse();
    await expect(controller.check()).resolves.toEqual({ status: 'ready', version: '1.4.0' });
    expect(driver.checks).toBe(1);
  });

  it('ignores progress that arrives after the download finished', () => {
    const driver = updatingDriver();
    const { controller } = setup(driver);
    driver.emit({ type: 'downloaded', version: '1.4.0' });
    driver.emit({ type: 'progress', percent: 99 });
    expect(controller.state).toEqual({ status: 'ready', version: '1.4.0' });
  });
});

describe('errors', () => {
  it('turns a throwing driver into an error state instead of a rejection', async () => {
    const driver = new FakeDriver();
    driver.onCheck = () => {
      throw new Error('net::ERR_INTERNET_DISCONNECTED');
    };
    const { controller, notices } = setup(driver);
    await expect(controller.check()).resolves.toEqual({ status: 'error', message: 'net::ERR_INTERNET_DISCONNECTED' });
    expect(notices).toEqual(['net::ERR_INTERNET_DISCONNECTED']);
  });

  it('notifies once per distinct message, however many periodic checks fail', async () => {
    const driver = new FakeDriver();
    let message = 'HttpError: 404 Not Found';
    driver.onCheck = (d) => {
      d.emit({ type: 'checking' });
      // electron-updater both emits the error and rejects the check.
      d.emit({ type: 'error', message });
      throw new Error(message);
    };
    const { controller, notices, clock } = setup(driver);
    controller.start();
    for (let i = 0; i < 3; i++) {
      await settle();
      clock.elapse();
    }
    await settle();
    expect(driver.checks).toBe(4);
    expect(notices).toEqual(['HttpError: 404 Not Found']);
    message = 'net::ERR_NAME_NOT_RESOLVED';
    await controller.check();
    expect(notices).toEqual(['HttpError: 404 Not Found', 'net::ERR_NAME_NOT_RESOLVED']);
    expect(controller.state).toEqual({ status: 'error', message: 'net::ERR_NAME_NOT_RESOLVED' });
  });

  it('shows a failed download and checks again at the next interval', async () => {
    const driver = new FakeDriver();
    driver.onCheck = (d) => d.emit({ type: 'available', version: '2.0.0' });
    const { controller, notices, clock } = setup(driver);
    controller.start();
    await settle();
    driver.emit({ type: 'error', message: 'sha512 checksum mismatch' });
    expect(controller.state).toEqual({ status: 'error', message: 'sha512 checksum mismatch' });
    expect(notices).toEqual(['sha512 checksum mismatch']);
    clock.elapse();
    expect(driver.checks).toBe(2);
  });

  it('shows the first line of a long multi-line message, capped in length', async () => {
    const driver = new FakeDriver();
    const long = `Cannot find latest.yml ${'x'.repeat(500)}`;
    driver.onCheck = (d) =>
      d.emit({ type: 'error', message: `\n  ${long}\n    at GenericProvider.getLatestVersion\n` });
    const { controller } = setup(driver);
    const state = await controller.check();
    expect(state.status === 'error' && state.message.startsWith('Cannot find latest.yml')).toBe(true);
    expect(state.status === 'error' && state.message.length).toBe(300);
    expect(state.status === 'error' && state.message.includes('GenericProvider')).toBe(false);
  });
});

describe('stop', () => {
  it('clears the timer, stops listening, and ignores whatever the driver says afterwards', async () => {
    const driver = new FakeDriver();
    const { controller, states, clock } = setup(driver);
    controller.start();
    await settle();
    const seen = states.length;
    controller.stop();
    expect(clock.intervals.size).toBe(0);
    expect(driver.listeners.size).toBe(0);
    driver.emit({ type: 'available', version: '9.9.9' });
    await controller.check();
    expect(driver.checks).toBe(1);
    expect(states.length).toBe(seen);
  });
});

describe('the feed URL', () => {
  it.each([
    ['https://updates.example.com/botdesk', 'https://updates.example.com/botdesk/'],
    [' https://sync.example.com/updates/ ', 'https://sync.example.com/updates/'],
    ['https://example.com/updates?x=1#y', 'https://example.com/updates/'],
    ['http://example.com/updates/', null],
    ['https://user:secret@example.com/updates/', null],
    ['file:///tmp/updates', null],
    ['not a url', null],
  ])('%j → %j', (raw, expected) => {
    expect(httpsFeedUrl(raw)).toBe(expected);
  });
});
