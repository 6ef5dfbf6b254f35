import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { configuredDatabaseUrl } from '../../server/src/env';
import { startSmtpMailbox } from '../../server/src/testing/test-mailbox';
import { userDataDir } from '../../src/main/core/db/connection';
import { JsonFilePrefsStore } from '../../src/main/core/prefs/json-file-prefs-store';
import { openTestCore } from '../../src/main/core/testing/test-core';
import { waitUntil } from '../../src/main/core/testing/wait';
import { createOrg, signUp } from '../lib/accounts';
import type { Account } from '../lib/accounts';
import { startBenchServer } from '../lib/server-handle';
import type { BenchServer } from '../lib/server-handle';
import { since } from '../lib/stats';
import { openBenchSecretStore } from './bench-secrets';

/** A sync server holding a big org, and a desktop data folder that already stores all of it. */
export type StartupWorld = {
  server: BenchServer;
  owner: Account;
  orgId: string;
  orgName: string;
  /** The desktop core's data folder (preferences, token store, users/<id>/botdesk.sqlite). */
  dataDir: string;
  /** Member rows of the org in the local database. */
  memberRows: number;
  seedSeconds: number;
  bootstrapMs: number;
  /**
   * Network off: stops the server; resolves once its port refuses connections and the process has
   * exited or `drainMs` passed (a draining server would compete for the CPU). `dispose` waits for
   * the exit in any case. Answers whether the process had exited.
   */
  takeServerOffline(drainMs: number): Promise<boolean>;
  dispose(): Promise<void>;
};

const orgName = 'Startup Bench Org';

/**
 * Seeds `memberRows` members on a fresh server, then signs a real core in on a new data folder and
 * lets its sync engine download the org (the desktop's own bootstrap), as after a first launch.
 */
export async function buildStartupWorld(options: {
  memberRows: number;
  log(text: string): void;
}): Promise<StartupWorld> {
  const cleanups: (() => Promise<void>)[] = [];
  const dispose = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const smtp = await startSmtpMailbox();
    cleanups.push(() => smtp.close());
    const databaseUrl = configuredDatabaseUrl() ?? null;
    options.log(`starting the sync server on ${databaseUrl ? 'PostgreSQL (DATABASE_URL)' : 'PGlite'}`);
    const server = await startBenchServer({ databaseUrl, smtpUrl: smtp.url });
    let stopping: Promise<void> | null = null;
    const stopServer = () => (stopping ??= server.stop());
    cleanups.push(stopServer);
    const takeServerOffline = async (drainMs: number) => {
      let exited = false;
      const stopped = stopServer().then(() => {
        exited = true;
      });
      await Promise.race([stopped, portRefuses(server.url)]);
      await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, drainMs).unref())]);
      return exited;
    };

    const owner = await signUp(server.url, smtp.mailbox, 'Startup Owner');
    const org = await createOrg(server.url, owner, orgName);
    options.log(`seeding ${options.memberRows.toLocaleString('en')} members with SQL`);
    const seeded = await server.child.call('seedMembers', {
      orgId: org.id,
      ownerId: owner.user.id,
      count: options.memberRows,
    });

    const dataDir = mkdtempSync(join(tmpdir(), 'botdesk-bench-startup-desktop-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    options.log('signing a desktop core in; its engine downloads the org into the data folder');
    const bootstrapMs = await downloadOrg(dataDir, server.url, owner, org.id);
    const memberRows = countMembers(dataDir, owner.user.id, org.id);

    return {
      server,
      owner,
      orgId: org.id,
      orgName,
      dataDir,
      memberRows,
      seedSeconds: seeded.seconds,
      bootstrapMs,
      takeServerOffline,
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** Sign-in → org ready, then the core closes; the org is remembered as the one to open. */
async function downloadOrg(dataDir: string, serverUrl: string, owner: Account, orgId: string): Promise<number> {
  const test = await openTestCore({
    dataDir,
    secretStore: openBenchSecretStore(dataDir),
    prefs: new JsonFilePrefsStore(join(dataDir, 'preferences.json')),
  });
  try {
    const started = performance.now();
    await test.call('session.signIn', { serverUrl, email: owner.user.email, password: owner.password });
    await waitUntil(
      async () => (await test.call('orgs.get', { orgId })).local.state === 'ready',
      'the desktop to download the org',
      180_000,
    );
    const ms = since(started);
    await test.call('orgs.setActive', { orgId });
    return ms;
  } finally {
    await test.close();
  }
}

/** Polls until nothing accepts a TCP connection at `url`'s port (the server closed its listener). */
async function portRefuses(url: string): Promise<void> {
  const { hostname, port } = new URL(url);
  for (;;) {
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: hostname, port: Number(port) });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (!accepted) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function countMembers(dataDir: string, userId: string, orgId: string): number {
  const db = new Database(join(userDataDir(dataDir, userId), 'botdesk.sqlite'), {
    readonly: true,
    fileMustExist: true,
  });
  try {
    return db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM members WHERE org_id = ?').get(orgId)?.n ?? 0;
  } finally {
    db.close();
  }
}
