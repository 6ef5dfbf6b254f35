import { z } from 'zod';
import { AppError } from '@shared/errors';
import type { IpcMethod, IpcOutput, ipcMethods } from '@shared/ipc';
import { invitationPreviewSchema } from '@shared/schemas/people';
import { sessionInfoSchema, userSchema } from '@shared/schemas/user';
import type { CoreEvents } from '../events';
import type { PrefsStore } from '../ports';
import { createServerClient } from '../sync/http-client';
import type { FetchFn } from '../sync/http-client';
import { apiKeysOf } from './api-keys';
import { auditActions, auditCsv, auditPage } from './audit';
import { botDetailOf, botsOf, triggersOf } from './bots';
import { mutate } from './mutate';
import { pendingInvitations, pendingTransfer, permissionCatalogue } from './people';
import { getOrg, lastActiveOrg, listOrgs, memberCountsOf, membersOf, rolesOf, setActiveOrg } from './orgs';
import { exportRunsCsv, getRun, queryRuns, runBots } from './runs';
import type { ServerAccess } from './runs';
import type { SessionManager, Workspace } from './session';
import { alertEventsOf, alertRulesOf, usageBreakdownOf, usageCsvOf, usageSummaryOf } from './usage';
import type { AppShell, UpdatesService } from '../shell/app-shell';
import type { DeepLinkHandoff } from '../deep-links/deep-link-handoff';

type ParsedInput<M extends IpcMethod> = z.output<(typeof ipcMethods)[M]['input']>;

/** One function per IPC method, receiving input already parsed by its schema. */
export type Handlers = { [M in IpcMethod]: (input: ParsedInput<M>) => Promise<IpcOutput<M>> };

export type HandlerDeps = {
  session: SessionManager;
  events: CoreEvents;
  prefs: PrefsStore;
  fetch: FetchFn;
  shell: AppShell;
  updates: UpdatesService;
  deepLinks: DeepLinkHandoff;
};

const empty = z.object({});

export function createHandlers({ session, events, prefs, fetch, shell, updates, deepLinks }: HandlerDeps): Handlers {
  const workspace = (): Workspace => {
    const w = session.workspace;
    if (!w) throw new AppError('unauthenticated', 'Sign in first');
    return w;
  };
  const anonymous = (serverUrl: string) => createServerClient({ baseUrl: serverUrl, fetch, token: null });
  const syncStatus = () => session.syncStatus();
  const runServer: ServerAccess = {
    signedIn: () => session.state().status === 'signedIn',
    call: (fn) => session.call(fn),
  };

  return {
    'session.get': async () => session.state(),
    'session.signUp': async ({ serverUrl, ...body }) => session.authenticate(serverUrl, '/v1/auth/sign-up/email', body),
    'session.signIn': async ({ serverUrl, ...body }) => session.authenticate(serverUrl, '/v1/auth/sign-in/email', body),
    'session.signOut': async ({ removeLocalData }) => session.signOut(removeLocalData),
    'session.verifyEmail': async ({ code }) => {
      const { user } = await session.call((c) =>
        c.json('POST', '/v1/auth/verify-email', z.object({ user: userSchema }), { code }),
      );
      session.updateUser(user);
      return session.state();
    },
    'session.resendVerification': async () => {
      await session.call((c) => c.json('POST', '/v1/auth/verify-email/resend', empty, {}));
      return {};
    },
    'session.requestPasswordReset': async ({ serverUrl, email }) => {
      await anonymous(serverUrl).json('POST', '/v1/auth/password-reset/request', empty, { email });
      return {};
    },
    'session.confirmPasswordReset': async ({ serverUrl, ...body }) => {
      await anonymous(serverUrl).json('POST', '/v1/auth/password-reset/confirm', empty, body);
      return {};
    },
    'account.sessions': async () => {
      const schema = z.object({ sessions: z.array(sessionInfoSchema) });
      return (await session.call((c) => c.json('GET', '/v1/me/sessions', schema))).sessions;
    },
    'account.revokeSession': async ({ id }) => {
      await session.call((c) => c.json('DELETE', `/v1/me/sessions/${encodeURIComponent(id)}`, empty));
      return {};
    },
    'account.updateProfile': async ({ name }) => {
      const { user } = await session.call((c) => c.json('PATCH', '/v1/me', z.object({ user: userSchema }), { name }));
      session.updateUser(user);
      return session.state();
    },
    'orgs.list': async () => listOrgs(workspace().db),
    'orgs.get': async ({ orgId }) => getOrg(workspace().db, orgId),
    'orgs.lastActive': async () => {
      const w = workspace();
      return { orgId: lastActiveOrg(w.db, prefs, w.user.id) };
    },
    'orgs.setActive': async ({ orgId }) => {
      const w = workspace();
      setActiveOrg(w.db, prefs, w.user.id, orgId);
      return {};
    },
    'members.list': async ({ orgId }) => membersOf(workspace().db, orgId),
    'members.count': async ({ orgId }) => memberCountsOf(workspace().db, orgId),
    'roles.list': async ({ orgId }) => rolesOf(workspace().db, orgId),
    'invitations.list': async ({ orgId }) => pendingInvitations(workspace().db, orgId),
    'invitations.lookup': async (body) => {
      try {
        return await session.call((c) => c.json('POST', '/v1/invitations/lookup', invitationPreviewSchema, body));
      } catch (error) {
        if (error instanceof AppError && error.code === 'offline') {
          throw new AppError(
            'offline',
            'Opening an invitation needs a connection to the server; try again when you are online',
          );
        }
        throw error;
      }
    },
    'audit.list': async ({ orgId, ...query }) => auditPage(workspace().db, orgId, query),
    'audit.actions': async ({ orgId }) => auditActions(workspace().db, orgId),
    'audit.exportCsv': async ({ orgId, filters }) => auditCsv(workspace().db, orgId, filters),
    'ownership.pending': async ({ orgId }) => pendingTransfer(workspace().db, orgId),
    'bots.list': async ({ orgId }) => botsOf(workspace().db, orgId),
    'bots.get': async ({ orgId, botId }) => botDetailOf(workspace().db, orgId, botId),
    'triggers.list': async ({ orgId }) => triggersOf(workspace().db, orgId),
    'runs.query': async (input) => queryRuns(workspace().db, runServer, input),
    'runs.get': async ({ orgId, runId }) => getRun(workspace().db, runServer, orgId, runId),
    'runs.bots': async ({ orgId }) => runBots(workspace().db, orgId),
    'runs.exportCsv': async ({ orgId, filters, sort }) => exportRunsCsv(workspace().db, orgId, filters, sort),
    'apiKeys.list': async ({ orgId }) => apiKeysOf(workspace().db, orgId),
    'usage.summary': async ({ orgId }) => usageSummaryOf(workspace().db, prefs, orgId),
    'usage.breakdown': async (input) => usageBreakdownOf(workspace().db, input),
    'usage.exportCsv': async (input) => usageCsvOf(workspace().db, input),
    'alerts.rules': async ({ orgId }) => alertRulesOf(workspace().db, orgId),
    'alerts.events': async ({ orgId, limit }) => alertEventsOf(workspace().db, orgId, limit),
    'alerts.setMuted': async ({ orgId, muted }) => {
      getOrg(workspace().db, orgId);
      return shell.setAlertsMuted(orgId, muted);
    },
    'permissions.catalogue': async () => permissionCatalogue(),
    mutate: async (input) => mutate({ session, events, prefs }, input),
    'sync.status': async () => syncStatus(),
    'sync.retry': async () => (await session.workspace?.engine?.retry()) ?? syncStatus(),
    'app.info': async () => shell.info(),
    'app.settings': async () => shell.settings(),
    'app.updateSettings': async (patch) => shell.updateSettings(patch),
    'app.updateState': async () => updates.state,
    'app.checkForUpdates': async () => updates.check(),
    'app.installUpdate': async () => {
      updates.install();
      return {};
    },
    'app.takeDeepLinks': async () => (session.state().status === 'signedIn' ? deepLinks.take() : []),
  };
}
