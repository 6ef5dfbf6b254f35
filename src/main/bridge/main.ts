// Development bridge: hosts the core for the User Center in a browser. Never part of packaged builds.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { serverUrlSchema } from '@shared/schemas/common';
import { createCore } from '../core/create-core';
import { JsonFilePrefsStore } from '../core/prefs/json-file-prefs-store';
import { openKeytarSecretStore } from '../core/secrets/keytar-secret-store';
import { MemorySecretStore } from '../core/secrets/memory-secret-store';
import { createShellRecorder } from '../core/shell/shell-recorder';
import { startBridge } from './start-bridge';

const argsSchema = z.object({
  'server-url': serverUrlSchema.default('http://127.0.0.1:8787'),
  'data-dir': z.string().min(1).default('.botdesk-bridge'),
  port: z.coerce.number().int().min(0).max(65535).default(5174),
  static: z.string().min(1).default('dist-web'),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'server-url': { type: 'string' },
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      static: { type: 'string' },
    },
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(
      `Invalid arguments: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
    process.exitCode = 2;
    return;
  }
  const args = parsed.data;
  const dataDir = resolve(args['data-dir']);
  const keychain = await openKeytarSecretStore();
  const secretStore = keychain ?? new MemorySecretStore();
  console.log(
    keychain
      ? 'Session tokens: OS keychain (Secret Service).'
      : 'Session tokens: memory only (no keychain service answered); sign in again after each restart.',
  );
  const prefs = new JsonFilePrefsStore(join(dataDir, 'preferences.json'));
  if (!prefs.get('lastServerUrl')) prefs.set('lastServerUrl', args['server-url']);
  // No OS tray or notification centre here: what Electron would show is kept and served at /shell.
  const shell = createShellRecorder();
  shell.onNotification((n) => console.log(`[notification] ${n.title}: ${n.body}`));
  const core = await createCore({
    dataDir,
    secretStore,
    prefs,
    notifier: shell.notifier,
    shell: { info: { version: '0.0.0-dev', platform: process.platform, desktop: false }, tray: shell.tray },
  });
  const bridge = await startBridge({ core, port: args.port, staticDir: args.static, shell });
  console.log(`Botdesk bridge for ${args['server-url']}, data in ${dataDir}`);
  console.log(`Open ${bridge.launchUrl}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await bridge.close();
    await core.close();
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

try {
  await main();
} catch (error) {
  console.error(`The bridge could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
