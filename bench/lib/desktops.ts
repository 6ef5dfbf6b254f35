import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { userDataDir } from '../../src/main/core/db/connection';
import type { Notifier } from '../../src/main/core/ports';
import { openTestCore } from '../../src/main/core/testing/test-core';
import type { TestCore } from '../../src/main/core/testing/test-core';
import { waitUntil } from '../../src/main/core/testing/wait';
import type { Account } from './accounts';

/**
 * A real desktop core (temp data folder, live SSE, its own sync engine) signed in as one account,
 * and a read-only connection to its SQLite file: what the bench observes is what that desktop stored.
 */
export type Desktop = {
  test: TestCore;
  account: Account;
  reader: Database.Database;
  /** The org's name as stored in this desktop's SQLite (the visible value), or null. */
  orgName(orgId: string): string | null;
  memberCount(orgId: string): number;
  close(): Promise<void>;
};

export async function openDesktop(
  serverUrl: string,
  account: Account,
  options: { notifier?: Notifier } = {},
): Promise<Desktop> {
  const test = await openTestCore(options);
  await test.call('session.signIn', { serverUrl, email: account.user.email, password: account.password });
  const file = join(userDataDir(test.dataDir, account.user.id), 'botdesk.sqlite');
  // WAL lets this second connection read while the core writes; it never writes.
  const reader = new Database(file, { readonly: true, fileMustExist: true });
  const nameOf = reader.prepare<[string], { name: string }>('SELECT name FROM orgs WHERE id = ?');
  const countOf = reader.prepare<[string], { n: number }>('SELECT count(*) AS n FROM members WHERE org_id = ?');
  let closed = false;
  return {
    test,
    account,
    reader,
    orgName: (orgId) => nameOf.get(orgId)?.name ?? null,
    memberCount: (orgId) => countOf.get(orgId)?.n ?? 0,
    async close() {
      if (closed) return;
      closed = true;
      reader.close();
      await test.close();
      await rm(test.dataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until the desktop has the org downloaded (state `ready`). */
export async function waitForOrg(desktop: Desktop, orgId: string, timeoutMs = 180_000): Promise<void> {
  await waitUntil(
    async () => {
      const summary = await desktop.test.core.invoke('orgs.get', { orgId });
      return summary.ok && (summary.value as { local: { state: string } }).local.state === 'ready';
    },
    `${desktop.account.user.email} to download ${orgId}`,
    timeoutMs,
  );
}

/** Waits until the desktop has nothing left to push and shows `name` for the org. */
export async function waitForSettled(
  desktop: Desktop,
  orgId: string,
  name: string,
  timeoutMs = 120_000,
): Promise<void> {
  await waitUntil(
    async () => {
      const status = await desktop.test.call('sync.status', {});
      return status.pendingCount === 0 && desktop.orgName(orgId) === name;
    },
    `${desktop.account.user.email} to settle on "${name}"`,
    timeoutMs,
  );
}

/** How a change was first seen: on the core's data.changed event, or by the fallback poll. */
export type Sighting = { at: number; via: 'event' | 'poll' } | { at: null; via: 'timeout' };

/**
 * Resolves with the moment the org's stored name becomes `name`. Checked on each data.changed event
 * (emitted right after the core's SQLite commit) and, in case an event were missed, every 10 ms.
 */
export function watchOrgName(desktop: Desktop, orgId: string, name: string, timeoutMs: number): Promise<Sighting> {
  return new Promise((resolve) => {
    const finish = (sighting: Sighting) => {
      off();
      clearInterval(poll);
      clearTimeout(timer);
      resolve(sighting);
    };
    const check = (via: 'event' | 'poll') => {
      if (desktop.orgName(orgId) === name) finish({ at: performance.now(), via });
    };
    const off = desktop.test.core.on('data.changed', () => check('event'));
    const poll = setInterval(() => check('poll'), 10);
    const timer = setTimeout(() => finish({ at: null, via: 'timeout' }), timeoutMs);
  });
}

/** Opens desktops a few at a time (each sign-in costs the server a password hash check). */
export async function openDesktops(
  serverUrl: string,
  accounts: readonly Account[],
  parallel = 4,
  notifierOf?: (account: Account) => Notifier,
): Promise<Desktop[]> {
  const opened: Desktop[] = [];
  for (let i = 0; i < accounts.length; i += parallel) {
    const batch = accounts.slice(i, i + parallel);
    const open = (a: Account) => openDesktop(serverUrl, a, notifierOf ? { notifier: notifierOf(a) } : {});
    opened.push(...(await Promise.all(batch.map(open))));
  }
  return opened;
}
