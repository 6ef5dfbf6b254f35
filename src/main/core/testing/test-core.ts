import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IpcInput, IpcMethod, IpcOutput } from '@shared/ipc';
import { createCore } from '../create-core';
import type { Core } from '../create-core';
import type { Notifier, PrefsStore, SecretStore, TrayView } from '../ports';
import { MemoryPrefsStore } from '../prefs/memory-prefs-store';
import { MemorySecretStore } from '../secrets/memory-secret-store';

/** A core on a fresh temp data folder, with helpers that unwrap IPC answers. */
export type TestCore = {
  core: Core;
  dataDir: string;
  secretStore: SecretStore;
  prefs: PrefsStore;
  call<M extends IpcMethod>(method: M, input: IpcInput<M>): Promise<IpcOutput<M>>;
  /** The `{code, message}` of a call expected to fail. */
  fail<M extends IpcMethod>(method: M, input: IpcInput<M>): Promise<{ code: string; message: string }>;
  reopen(): Promise<TestCore>;
  close(): Promise<void>;
};

export async function openTestCore(
  options: {
    dataDir?: string;
    fetch?: typeof fetch;
    secretStore?: SecretStore;
    prefs?: PrefsStore;
    notifier?: Notifier;
    /** A tray for the core to render into (the desktop shell's port). */
    tray?: TrayView;
  } = {},
): Promise<TestCore> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'botdesk-core-'));
  const secretStore = options.secretStore ?? new MemorySecretStore();
  const prefs = options.prefs ?? new MemoryPrefsStore();
  const core = await createCore({
    dataDir,
    secretStore,
    prefs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.notifier ? { notifier: options.notifier } : {}),
    ...(options.tray
      ? { shell: { info: { version: '0.0.0-test', platform: process.platform, desktop: false }, tray: options.tray } }
      : {}),
  });
  const self: TestCore = {
    core,
    dataDir,
    secretStore,
    prefs,
    async call(method, input) {
      const response = await core.invoke(method, input);
      if (!response.ok) throw new Error(`${method} failed: ${response.error.code}: ${response.error.message}`);
      return response.value as IpcOutput<typeof method>;
    },
    async fail(method, input) {
      const response = await core.invoke(method, input);
      if (response.ok) throw new Error(`${method} unexpectedly succeeded`);
      return response.error;
    },
    reopen: async () => {
      await core.close();
      return openTestCore({ ...options, dataDir, secretStore, prefs });
    },
    close: () => core.close(),
  };
  return self;
}
