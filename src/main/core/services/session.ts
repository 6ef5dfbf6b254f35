import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '@shared/errors';
import type { SessionState, SyncStatus } from '@shared/ipc';
import { myMembershipSchema } from '@shared/schemas/org';
import { authResultSchema, userSchema } from '@shared/schemas/user';
import type { User } from '@shared/schemas/user';
import { inTransaction, openUserDb, userDataDir } from '../db/connection';
import type { LocalDb } from '../db/connection';
import { setAccount, upsertMembership } from '../db/mutations';
import { countUnpushed, getMeta } from '../db/queries';
import type { CoreEvents } from '../events';
import type { PrefsStore, SecretStore } from '../ports';
import { createServerClient } from '../sync/http-client';
import type { FetchFn, ServerClient } from '../sync/http-client';
import { SyncEngine } from '../sync/sync-engine';
import { Waker } from '../sync/waker';

export type SessionDeps = {
  dataDir: string;
  secretStore: SecretStore;
  prefs: PrefsStore;
  fetch: FetchFn;
  events: CoreEvents;
};

/** The signed-in (or expired) user's open workspace: their database and, while signed in, the sync engine. */
export type Workspace = {
  user: User;
  serverUrl: string;
  db: LocalDb;
  clientId: string;
  token: string | null;
  engine: SyncEngine | null;
  expiredReason: string | null;
};

const meSchema = z.object({ user: userSchema, memberships: z.array(myMembershipSchema) });

/** The keychain entry holding a user's session token (the token lives nowhere else). */
export function tokenAccount(userId: string): string {
  return `session:${userId}`;
}

/**
 * Who is signed in, and their local workspace. One database per user: switching users closes the
 * previous one, so another account never reads or pushes it.
 */
export class SessionManager {
  readonly #deps: SessionDeps;
  #workspace: Workspace | null = null;

  constructor(deps: SessionDeps) {
    this.#deps = deps;
  }

  get workspace(): Workspace | null {
    return this.#workspace;
  }

  state(): SessionState {
    const w = this.#workspace;
    if (!w) return { status: 'signedOut', serverUrl: this.#deps.prefs.get('lastServerUrl') };
    if (w.expiredReason !== null || w.token === null) {
      return { status: 'expired', user: w.user, serverUrl: w.serverUrl, reason: w.expiredReason ?? 'Sign in again' };
    }
    return { status: 'signedIn', user: w.user, serverUrl: w.serverUrl };
  }

  /** Sync status; without a running engine (signed out, expired) the pending changes still count. */
  syncStatus(): SyncStatus {
    const w = this.#workspace;
    if (w?.engine) return w.engine.status();
    return {
      online: false,
      pendingCount: w ? countUnpushed(w.db) : 0,
      lastSyncedAt: null,
      lastError: w?.expiredReason ? { code: 'unauthenticated', message: w.expiredReason } : null,
      clientOutdated: false,
    };
  }

  /** At launch: a remembered user with a stored token gets their local data at once; the server is asked later. */
  async restore(): Promise<void> {
    const userId = this.#deps.prefs.get('lastUserId');
    const serverUrl = this.#deps.prefs.get('lastServerUrl');
    if (!userId || !serverUrl || !existsSync(userDataDir(this.#deps.dataDir, userId))) return;
    const token = await this.#deps.secretStore.get(tokenAccount(userId));
    if (!token) return;
    const db = openUserDb(this.#deps.dataDir, userId);
    const meta = getMeta(db);
    if (!meta.user) {
      db.close();
      return;
    }
    this.#workspace = {
      user: meta.user,
      serverUrl,
      db,
      clientId: meta.clientId,
      token,
      engine: null,
      expiredReason: null,
    };
    this.#startEngine();
    this.#emitState();
    void this.#validate();
  }

  /** Signs in (or up) and opens that user's workspace; returns once their orgs are known locally. */
  async authenticate(
    serverUrl: string,
    path: '/v1/auth/sign-in/email' | '/v1/auth/sign-up/email',
    body: object,
  ): Promise<SessionState> {
    const client = createServerClient({ baseUrl: serverUrl, fetch: this.#deps.fetch, token: null });
    const { token, user } = await client.json('POST', path, authResultSchema, body);
    await this.#activate(serverUrl, token, user);
    return this.state();
  }

  async signOut(removeLocalData: boolean): Promise<SessionState> {
    const w = this.#workspace;
    if (w?.token) {
      // Best effort: the server ends the session when it can be reached; locally it ends regardless.
      await this.client()
        .json('POST', '/v1/auth/sign-out', z.object({}), {})
        .catch(() => undefined);
    }
    if (w) {
      await this.#deps.secretStore.delete(tokenAccount(w.user.id));
      await this.#close();
      if (removeLocalData) await rm(userDataDir(this.#deps.dataDir, w.user.id), { recursive: true, force: true });
    }
    this.#deps.prefs.set('lastUserId', null);
    this.#emitState();
    return this.state();
  }

  /** The signed-in user's server client; refuses when signed out or expired. */
  client(): ServerClient {
    const w = this.#workspace;
    if (!w) throw new AppError('unauthenticated', 'Sign in first');
    if (!w.token || w.expiredReason !== null)
      throw new AppError('unauthenticated', 'Your session ended; sign in again');
    return createServerClient({ baseUrl: w.serverUrl, fetch: this.#deps.fetch, token: w.token });
  }

  /** Runs a request as the signed-in user; a 401 turns the session `expired` (local data and outbox stay). */
  async call<T>(fn: (client: ServerClient) => Promise<T>): Promise<T> {
    try {
      return await fn(this.client());
    } catch (error) {
      if (error instanceof AppError && error.code === 'unauthenticated' && this.#workspace?.token) {
        await this.expire(error.message);
      }
      throw error;
    }
  }

  /** Stores the user's new profile (after verify-email or a profile change) and tells the renderer. */
  updateUser(user: User): void {
    const w = this.#workspace;
    if (!w) return;
    w.user = user;
    setAccount(w.db, user, w.serverUrl);
    this.#emitState();
  }

  async expire(reason: string): Promise<void> {
    const w = this.#workspace;
    if (!w || w.expiredReason !== null) return;
    w.expiredReason = reason || 'Your session ended; sign in again';
    w.token = null;
    await this.#deps.secretStore.delete(tokenAccount(w.user.id));
    const engine = w.engine;
    w.engine = null;
    await engine?.stop();
    this.#emitState();
    this.#deps.events.emit('sync.status', this.syncStatus());
  }

  async close(): Promise<void> {
    await this.#close();
  }

  async #activate(serverUrl: string, token: string, user: User): Promise<void> {
    const current = this.#workspace;
    if (current && (current.user.id !== user.id || current.serverUrl !== serverUrl)) await this.#close();
    await this.#deps.secretStore.set(tokenAccount(user.id), token);
    this.#deps.prefs.set('lastUserId', user.id);
    this.#deps.prefs.set('lastServerUrl', serverUrl);
    let w = this.#workspace;
    if (w) {
      await w.engine?.stop();
      Object.assign(w, { user, token, engine: null, expiredReason: null });
    } else {
      const db = openUserDb(this.#deps.dataDir, user.id);
      w = { user, serverUrl, db, clientId: getMeta(db).clientId, token, engine: null, expiredReason: null };
      this.#workspace = w;
    }
    setAccount(w.db, user, serverUrl);
    await this.#loadMemberships(w).catch(() => undefined);
    this.#startEngine();
    this.#emitState();
  }

  async #loadMemberships(w: Workspace): Promise<void> {
    const me = await this.client().json('GET', '/v1/me', meSchema);
    inTransaction(w.db, () => {
      setAccount(w.db, me.user, w.serverUrl);
      for (const m of me.memberships) upsertMembership(w.db, m);
    });
    w.user = me.user;
  }

  async #validate(): Promise<void> {
    const w = this.#workspace;
    if (!w) return;
    try {
      const me = await this.call((client) => client.json('GET', '/v1/me', meSchema));
      if (this.#workspace === w) this.updateUser(me.user);
    } catch {
      // Offline or expired: the status bar and session state already say so.
    }
  }

  #startEngine(): void {
    const w = this.#workspace;
    if (!w?.token) return;
    const waker = new Waker();
    const client = createServerClient({
      baseUrl: w.serverUrl,
      fetch: this.#deps.fetch,
      token: w.token,
      signal: waker.signal,
    });
    const events = this.#deps.events;
    w.engine = new SyncEngine({
      ctx: { db: w.db, client, clientId: w.clientId, emit: (event, payload) => events.emit(event, payload) },
      waker,
      onUnauthorized: (message) => void this.expire(message),
      runHistoryLimit: () => this.#deps.prefs.get('runHistoryLimit'),
    });
    w.engine.start();
  }

  async #close(): Promise<void> {
    const w = this.#workspace;
    if (!w) return;
    this.#workspace = null;
    await w.engine?.stop();
    w.db.close();
  }

  #emitState(): void {
    this.#deps.events.emit('session.changed', this.state());
  }
}
