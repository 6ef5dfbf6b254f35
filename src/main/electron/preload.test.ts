import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ipcEventNames, ipcMethodNames } from '@shared/ipc';
import type { BotdeskApi } from '@shared/ipc';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '@shared/ipc-channels';

const root = join(import.meta.dirname, '../../..');
let source = '';

beforeAll(() => {
  // The file Electron would load: built the way `npm run build` builds it.
  execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'ignore' });
  source = readFileSync(join(root, 'out/preload/index.cjs'), 'utf8');
}, 120_000);

type Loaded = {
  exposed: Map<string, unknown>;
  invoked: unknown[][];
  listeners: Map<string, Set<(...a: unknown[]) => void>>;
};

/** Runs the preload as a sandboxed Electron preload: CommonJS, whose require() offers the electron module and nothing else. */
function load(): Loaded {
  const exposed = new Map<string, unknown>();
  const invoked: unknown[][] = [];
  const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
    ipcRenderer: {
      invoke: async (...args: unknown[]) => {
        invoked.push(args);
        return { ok: true, value: null };
      },
      on: (channel: string, fn: (...a: unknown[]) => void) =>
        listeners.set(channel, (listeners.get(channel) ?? new Set()).add(fn)),
      removeListener: (channel: string, fn: (...a: unknown[]) => void) => listeners.get(channel)?.delete(fn),
    },
  };
  const require = (name: string) => {
    if (name === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require "${name}"`);
  };
  const module = { exports: {} };
  runInNewContext(source, { require, module, exports: module.exports, console });
  return { exposed, invoked, listeners };
}

describe('the built preload', () => {
  it('is one CommonJS file that needs nothing but electron, and exposes only window.botdesk', () => {
    const { exposed } = load();
    expect([...exposed.keys()]).toEqual(['botdesk']);
    const api = exposed.get('botdesk') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
  });

  it('forwards exactly the methods of the contract to the one invoke channel', async () => {
    const { exposed, invoked } = load();
    const api = exposed.get('botdesk') as BotdeskApi;
    for (const method of ipcMethodNames) await api.invoke(method, {} as never);
    expect(invoked.map(([channel]) => channel)).toEqual(ipcMethodNames.map(() => INVOKE_CHANNEL));
    expect(invoked.map(([, method]) => method)).toEqual(ipcMethodNames);

    const refused = await api.invoke('system.exec' as never, {} as never);
    expect(refused).toEqual({ ok: false, error: { code: 'validation_failed', message: 'Unknown method system.exec' } });
    expect(invoked).toHaveLength(ipcMethodNames.length);
  });

  it('subscribes to exactly the events of the contract, and unsubscribes', () => {
    const { exposed, listeners } = load();
    const api = exposed.get('botdesk') as BotdeskApi;
    const heard: unknown[] = [];
    const offs = ipcEventNames.map((event) => api.on(event, (payload) => heard.push([event, payload])));
    for (const fn of listeners.get(EVENT_CHANNEL) ?? []) fn({}, 'notice', { level: 'info' });
    expect(heard).toEqual([['notice', { level: 'info' }]]);
    expect(() => api.on('ipc.raw' as never, () => undefined)).toThrow('Unknown event ipc.raw');
    for (const off of offs) off();
    expect(listeners.get(EVENT_CHANNEL)?.size).toBe(0);
  });
});
