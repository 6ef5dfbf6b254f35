import type { AppInfo, AppSettings, UpdateState } from '@shared/schemas/app';
import type { CoreEvents } from '../events';
import type { Notifier, PrefsStore, SecretStore, TrayView } from '../ports';
import { takeAlertNotifications } from '../services/alert-notices';
import { lastActiveOrg, listOrgs } from '../services/orgs';
import type { SessionManager } from '../services/session';
import { setMuted, trayCreditsOf } from '../services/usage';
import { trayModel } from './tray-model';

/** The updater as the core uses it (UpdateController implements it). */
export type UpdatesService = { readonly state: UpdateState; check(): Promise<UpdateState>; install(): void };

export type ShellInfo = { version: string; platform: string; desktop: boolean };

export type AppShellDeps = {
  info: ShellInfo;
  prefs: PrefsStore;
  events: CoreEvents;
  session: SessionManager;
  secretStore: SecretStore;
  notifier: Notifier | null;
  tray: TrayView | null;
};

const memoryNote =
  'This computer offers Botdesk no keychain or encrypted storage it can trust, so your session is kept in memory only: you sign in each time Botdesk starts.';

/** What the desktop shell adds to the core: settings, notifications, the tray, app info. */
export class AppShell {
  readonly #deps: AppShellDeps;

  constructor(deps: AppShellDeps) {
    this.#deps = deps;
  }

  info(): AppInfo {
    const kind = this.#deps.secretStore.kind;
    return {
      ...this.#deps.info,
      secretStorage: kind,
      secretStorageNote: kind === 'memory' && this.#deps.info.desktop ? memoryNote : null,
    };
  }

  settings(): AppSettings {
    const { prefs } = this.#deps;
    return {
      theme: prefs.get('theme'),
      closeToTray: prefs.get('closeToTray'),
      notificationsPaused: prefs.get('notificationsPaused'),
      runHistoryLimit: prefs.get('runHistoryLimit'),
    };
  }

  updateSettings(patch: Partial<AppSettings>): AppSettings {
    const { prefs } = this.#deps;
    if (patch.theme !== undefined) prefs.set('theme', patch.theme);
    if (patch.closeToTray !== undefined) prefs.set('closeToTray', patch.closeToTray);
    if (patch.notificationsPaused !== undefined) prefs.set('notificationsPaused', patch.notificationsPaused);
    if (patch.runHistoryLimit !== undefined) prefs.set('runHistoryLimit', patch.runHistoryLimit);
    const settings = this.settings();
    this.#deps.events.emit('app.settings', settings);
    this.refreshTray();
    return settings;
  }

  /** A desktop notification, unless the person paused them. */
  notify(n: { title: string; body: string; route: string | null }): void {
    if (this.#deps.prefs.get('notificationsPaused')) return;
    this.#deps.notifier?.show(n);
  }

  /** Silences (or un-silences) an org's credit alerts on this device: its notifications and tray warning. */
  setAlertsMuted(orgId: string, muted: boolean): { muted: boolean } {
    setMuted(this.#deps.prefs, orgId, muted);
    this.refreshTray();
    return { muted };
  }

  /**
   * Shows a notification for each alert event not yet told on this device (see
   * takeAlertNotifications: once each, newest first, a summary past a few).
   */
  announceAlerts(): void {
    const w = this.#deps.session.workspace;
    if (!w) return;
    for (const n of takeAlertNotifications(w.db, this.#deps.prefs)) this.#deps.notifier?.show(n);
  }

  /** Re-renders the tray from what the core knows now (session, active org, sync, settings). */
  refreshTray(): void {
    const tray = this.#deps.tray;
    if (!tray) return;
    const { session, prefs } = this.#deps;
    const w = session.workspace;
    const activeId = w ? lastActiveOrg(w.db, prefs, w.user.id) : null;
    const active = w && activeId ? listOrgs(w.db).find((o) => o.org.id === activeId) : undefined;
    tray.render(
      trayModel({
        activeOrgId: active?.org.id ?? null,
        activeOrgName: active?.org.name ?? null,
        credits: w ? trayCreditsOf(w.db, prefs) : [],
        notificationsPaused: prefs.get('notificationsPaused'),
        online: session.syncStatus().online,
      }),
    );
  }
}
