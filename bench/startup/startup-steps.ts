// Where a cold core start goes, step by step, in a fresh process: each group of modules the core
// loads, imported in dependency order (a module shared by two groups counts for the first), then
// the work createCore does on the 100k-row database. Prints one result line and exits.
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { StepTiming } from './child-results';
import { writeResultLine } from './result-line';

/**
 * A step is timed around `run`, or times itself in `measure` (to leave its setup out); `after`
 * (untimed) undoes what it opened.
 */
type Step = { label: string; after?(): Promise<void> } & (
  { run(): Promise<unknown> } | { measure(): Promise<{ ms: number; note?: string }> }
);

type OpenCore = { invoke(method: string, input: unknown): Promise<unknown>; close(): Promise<void> };

function steps(options: { dataDir: string; userId: string; orgId: string }): Step[] {
  const { dataDir, userId, orgId } = options;
  let core: OpenCore | null = null;
  let members: unknown = null;
  const since = (started: number) => performance.now() - started;
  return [
    { label: 'zod (the library alone)', run: () => import('zod') },
    {
      label: 'drizzle-orm + sqlite-core + better-sqlite3 driver',
      run: () =>
        Promise.all([import('drizzle-orm'), import('drizzle-orm/sqlite-core'), import('drizzle-orm/better-sqlite3')]),
    },
    { label: 'better-sqlite3 (JS part)', run: () => import('better-sqlite3') },
    {
      label: '@shared contract: zod schemas built (ipc, mutators, permissions)',
      run: () => Promise.all([import('@shared/ipc'), import('@shared/mutators'), import('@shared/permissions')]),
    },
    {
      label: 'core db layer (drizzle schema, migrations, queries)',
      run: () =>
        Promise.all([
          import('../../src/main/core/db/connection'),
          import('../../src/main/core/db/queries'),
          import('../../src/main/core/db/mutations'),
        ]),
    },
    {
      label: 'core sync (engine, bootstrap, pull, push, live)',
      run: () => import('../../src/main/core/sync/sync-engine'),
    },
    {
      label: 'rest of create-core (services, shell, deep links, updates)',
      run: () => import('../../src/main/core/create-core'),
    },
    {
      label: 'native addon load (first new Database)',
      run: async () => {
        const { default: Database } = await import('better-sqlite3');
        new Database(':memory:').close();
      },
    },
    {
      label: 'open the 100k-row user database (WAL, migrations check, drizzle)',
      run: async () => {
        const { openUserDb } = await import('../../src/main/core/db/connection');
        const { listOrgs } = await import('../../src/main/core/services/orgs');
        const db = openUserDb(dataDir, userId);
        listOrgs(db);
        db.close();
      },
    },
    {
      label: 'first fetch() call (Node loads undici), to a closed loopback port',
      measure: async () => {
        const port = await closedPort();
        const started = performance.now();
        await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
        return { ms: since(started) };
      },
    },
    {
      label: 'createCore with all of the above loaded (restore, engine start)',
      measure: async () => {
        const { createCore } = await import('../../src/main/core/create-core');
        const { JsonFilePrefsStore } = await import('../../src/main/core/prefs/json-file-prefs-store');
        const { openBenchSecretStore } = await import('./bench-secrets');
        const prefs = new JsonFilePrefsStore(join(dataDir, 'preferences.json'));
        const secretStore = openBenchSecretStore(dataDir);
        const started = performance.now();
        core = await createCore({ dataDir, secretStore, prefs });
        return { ms: since(started) };
      },
    },
    {
      label: 'after start: members.list of the org (the overview asks for it)',
      measure: async () => {
        const started = performance.now();
        members = await core?.invoke('members.list', { orgId });
        return {
          ms: since(started),
          note: `heap used after: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`,
        };
      },
    },
    {
      label: '  JSON of that answer, as the bridge sends it',
      measure: async () => {
        const started = performance.now();
        const bytes = JSON.stringify(members).length;
        return { ms: since(started), note: `${(bytes / 2 ** 20).toFixed(1)} MB of JSON` };
      },
      after: async () => {
        members = null;
        await core?.close();
      },
    },
    {
      label: 'shell only: keychain probe (openKeytarSecretStore; awaited before createCore)',
      run: async () => (await import('../../src/main/core/secrets/keytar-secret-store')).openKeytarSecretStore(),
    },
    {
      label: 'shell only: electron-updater (imported eagerly by src/main/electron/updater.ts)',
      run: () => import('electron-updater'),
    },
  ];
}

/** A loopback port nothing listens on (bound, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 9));
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'data-dir': { type: 'string' }, 'user-id': { type: 'string' }, 'org-id': { type: 'string' } },
  });
  const dataDir = values['data-dir'];
  const userId = values['user-id'];
  const orgId = values['org-id'];
  if (!dataDir || !userId || !orgId) throw new Error('usage: startup-steps --data-dir DIR --user-id ID --org-id ID');
  const timings: StepTiming[] = [{ label: 'process start → entry (Node, loader)', ms: performance.now() }];
  for (const step of steps({ dataDir, userId, orgId })) {
    if ('measure' in step) {
      timings.push({ label: step.label, ...(await step.measure()) });
    } else {
      const started = performance.now();
      await step.run();
      timings.push({ label: step.label, ms: performance.now() - started });
    }
    await step.after?.();
  }
  await writeResultLine(timings);
}

try {
  await main();
  process.exit(0);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
