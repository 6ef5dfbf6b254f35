import { z } from 'zod';
import { errorCodes, type ErrorBody } from './errors';
import { mutators, type MutatorArgs, type MutatorName, type MutatorResult } from './mutators';
import {
  displayNameSchema,
  emailCodeSchema,
  emailSchema,
  idSchema,
  isoDateSchema,
  passwordSchema,
  serverUrlSchema,
} from './schemas/common';
import { appInfoSchema, appRouteSchema, appSettingsSchema, deepLinkSchema, updateStateSchema } from './schemas/app';
import { memberSchema, orgSchema, permissionSchema, roleSchema } from './schemas/org';
import { sessionInfoSchema, userSchema } from './schemas/user';
import {
  auditEventSchema,
  invitationPreviewSchema,
  invitationSchema,
  invitationTokenBodySchema,
  ownershipTransferSchema,
  permissionCatalogueSchema,
} from './schemas/people';
import { apiKeyIpcMethods } from './ipc-api-keys';
import { botIpcMethods, runProgressEventSchema } from './ipc-bots';
import { runIpcMethods } from './ipc-runs';
import { usageIpcMethods } from './ipc-usage';

/** What the app knows about who is signed in. `expired`: local data is readable, sign in again to sync. */
export const sessionStateSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('signedOut'), serverUrl: z.string().nullable() }),
  z.object({ status: z.literal('signedIn'), user: userSchema, serverUrl: z.string() }),
  z.object({ status: z.literal('expired'), user: userSchema, serverUrl: z.string(), reason: z.string() }),
]);
export type SessionState = z.infer<typeof sessionStateSchema>;

export const errorBodySchema = z.object({ code: z.enum(errorCodes), message: z.string() });

/** Local state of an organization's copy: shown as complete only when `ready`. */
export const orgLocalStateSchema = z.object({
  state: z.enum(['bootstrapping', 'ready']),
  progress: z.number().min(0).max(1),
});

export const orgSummarySchema = z.object({
  org: orgSchema,
  memberId: idSchema,
  role: roleSchema,
  permissions: z.array(permissionSchema),
  local: orgLocalStateSchema,
});
export type OrgSummary = z.infer<typeof orgSummarySchema>;

export const syncStatusSchema = z.object({
  online: z.boolean(),
  pendingCount: z.number().int().nonnegative(),
  lastSyncedAt: isoDateSchema.nullable(),
  lastError: errorBodySchema.nullable(),
  clientOutdated: z.boolean(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

const none = z.object({});
const orgRef = z.object({ orgId: idSchema });

/** Filters of the audit log (dates are ISO instants, both ends inclusive). */
export const auditFiltersSchema = z.object({
  actorId: idSchema.optional(),
  action: z.string().min(1).max(100).optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
});
export type AuditFilters = z.infer<typeof auditFiltersSchema>;
/** Keyset cursor of the audit log: the last event of the previous page. */
export const auditCursorSchema = z.object({ at: isoDateSchema, id: idSchema });
export type AuditCursor = z.infer<typeof auditCursorSchema>;
export const auditPageSchema = z.object({ events: z.array(auditEventSchema), next: auditCursorSchema.nullable() });
export type AuditPage = z.infer<typeof auditPageSchema>;

/** Every request the renderer may make of the main process: channel → input and output schemas. */
export const ipcMethods = {
  'session.get': { input: none, output: sessionStateSchema },
  'session.signUp': {
    input: z.object({
      serverUrl: serverUrlSchema,
      email: emailSchema,
      password: passwordSchema,
      name: displayNameSchema,
    }),
    output: sessionStateSchema,
  },
  'session.signIn': {
    input: z.object({ serverUrl: serverUrlSchema, email: emailSchema, password: z.string().min(1).max(128) }),
    output: sessionStateSchema,
  },
  'session.signOut': { input: z.object({ removeLocalData: z.boolean() }), output: sessionStateSchema },
  'session.verifyEmail': { input: z.object({ code: emailCodeSchema }), output: sessionStateSchema },
  'session.resendVerification': { input: none, output: none },
  'session.requestPasswordReset': { input: z.object({ serverUrl: serverUrlSchema, email: emailSchema }), output: none },
  'session.confirmPasswordReset': {
    input: z.object({
      serverUrl: serverUrlSchema,
      email: emailSchema,
      code: emailCodeSchema,
      password: passwordSchema,
    }),
    output: none,
  },
  'account.sessions': { input: none, output: z.array(sessionInfoSchema) },
  'account.revokeSession': { input: z.object({ id: z.string().min(1).max(200) }), output: none },
  'account.updateProfile': { input: z.object({ name: displayNameSchema }), output: sessionStateSchema },
  'orgs.list': { input: none, output: z.array(orgSummarySchema) },
  'orgs.get': { input: orgRef, output: orgSummarySchema },
  'orgs.lastActive': { input: none, output: z.object({ orgId: idSchema.nullable() }) },
  'orgs.setActive': { input: orgRef, output: none },
  'members.list': { input: orgRef, output: z.array(memberSchema) },
  /** How many members the org has on this device, and how many are active (counted in SQL, no rows sent). */
  'members.count': {
    input: orgRef,
    output: z.object({ active: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
  },
  'roles.list': { input: orgRef, output: z.array(roleSchema) },
  /** Pending invitations on this device (present only for members with `members.invite`). */
  'invitations.list': { input: orgRef, output: z.array(invitationSchema) },
  /** Online: what an invitation token offers, before the person decides. */
  'invitations.lookup': { input: invitationTokenBodySchema, output: invitationPreviewSchema },
  /** Local audit events, newest first, one page at a time. */
  'audit.list': {
    input: auditFiltersSchema.extend({
      orgId: idSchema,
      limit: z.number().int().min(1).max(500),
      before: auditCursorSchema.optional(),
    }),
    output: auditPageSchema,
  },
  /** The distinct actions in an org's local audit log (for the filter). */
  'audit.actions': { input: orgRef, output: z.array(z.string()) },
  'audit.exportCsv': {
    input: z.object({ orgId: idSchema, filters: auditFiltersSchema }),
    output: z.object({ csv: z.string(), count: z.number().int().nonnegative() }),
  },
  /** The pending ownership transfer of an org, if any. */
  'ownership.pending': { input: orgRef, output: ownershipTransferSchema.nullable() },
  /** The permission catalogue with group names and descriptions (no network). */
  'permissions.catalogue': { input: none, output: permissionCatalogueSchema },
  mutate: {
    input: z.object({
      orgId: idSchema.nullable(),
      name: z.enum(Object.keys(mutators) as [MutatorName, ...MutatorName[]]),
      args: z.unknown(),
    }),
    output: z.unknown(),
  },
  'sync.status': { input: none, output: syncStatusSchema },
  'sync.retry': { input: none, output: syncStatusSchema },
  'app.info': { input: none, output: appInfoSchema },
  'app.settings': { input: none, output: appSettingsSchema },
  'app.updateSettings': { input: appSettingsSchema.partial(), output: appSettingsSchema },
  'app.updateState': { input: none, output: updateStateSchema },
  'app.checkForUpdates': { input: none, output: updateStateSchema },
  /** Quits and installs a downloaded update; refused unless one is `ready`. */
  'app.installUpdate': { input: none, output: none },
  /** Hands the renderer the links that arrived while it could not show them (at most once each). */
  'app.takeDeepLinks': { input: none, output: z.array(deepLinkSchema) },
  ...apiKeyIpcMethods,
  ...botIpcMethods,
  ...runIpcMethods,
  ...usageIpcMethods,
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export type IpcMethod = keyof typeof ipcMethods;
export type IpcInput<M extends IpcMethod> = z.input<(typeof ipcMethods)[M]['input']>;
export type IpcOutput<M extends IpcMethod> = z.output<(typeof ipcMethods)[M]['output']>;
export const ipcMethodNames = Object.keys(ipcMethods) as IpcMethod[];

export const noticeSchema = z.object({
  level: z.enum(['info', 'warning', 'error']),
  title: z.string(),
  message: z.string(),
  orgId: idSchema.nullable(),
});
export type Notice = z.infer<typeof noticeSchema>;

/** Events the main process sends to the renderer. */
export const ipcEvents = {
  'session.changed': sessionStateSchema,
  'sync.status': syncStatusSchema,
  /** Local rows changed (server pull, bootstrap, optimistic apply or revert): re-read what you show. */
  'data.changed': z.object({ orgIds: z.array(idSchema), entities: z.array(z.string()) }),
  notice: noticeSchema,
  'app.settings': appSettingsSchema,
  'app.update': updateStateSchema,
  /** Open this route (a notification or tray item was clicked). */
  'app.navigate': z.object({ route: appRouteSchema }),
  /** A `botdesk://` link is waiting: call app.takeDeepLinks to get it. */
  'app.deepLink': z.object({ pending: z.number().int().positive() }),
  /** Live progress of a running run (from the server's `run.progress` signal; never stored). */
  'runs.progress': runProgressEventSchema,
} as const satisfies Record<string, z.ZodType>;
export type IpcEvent = keyof typeof ipcEvents;
export type IpcEventPayload<E extends IpcEvent> = z.infer<(typeof ipcEvents)[E]>;
export const ipcEventNames = Object.keys(ipcEvents) as IpcEvent[];

/** What an IPC call resolves to on the wire: errors travel as `{code, message}`, never thrown objects. */
export type IpcResponse<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };

/** `window.botdesk`: the one object the preload exposes. */
export type BotdeskApi = {
  invoke<M extends IpcMethod>(method: M, input: IpcInput<M>): Promise<IpcResponse<IpcOutput<M>>>;
  on<E extends IpcEvent>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void;
};

/** Typed helper for the `mutate` channel's input. */
export type MutateInput<N extends MutatorName> = { orgId: string | null; name: N; args: MutatorArgs<N> };
export type MutateOutput<N extends MutatorName> = MutatorResult<N>;
