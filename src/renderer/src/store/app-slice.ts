import type { StateCreator } from 'zustand';
import type { AppInfo, AppSettings, DeepLink, UpdateState } from '@shared/schemas/app';
import { invoke } from '@renderer/lib/api';
import type { AppState } from './index';

export type AppSlice = {
  appInfo: AppInfo | null;
  settings: AppSettings | null;
  update: UpdateState;
  /** The invitation a botdesk:// link brought; kept in memory only, never in a URL. */
  pendingInvitation: Extract<DeepLink, { kind: 'acceptInvite' }> | null;
  /** Whether the workspace already opened the invitation page for it (once; the person may go elsewhere). */
  invitationOpened: boolean;
  loadApp(): Promise<void>;
  setSettings(settings: AppSettings): void;
  updateSettings(patch: Partial<AppSettings>): Promise<void>;
  setUpdate(update: UpdateState): void;
  checkForUpdates(): Promise<void>;
  installUpdate(): Promise<void>;
  /** Takes the links waiting in main; the workspace then opens the page of the newest. */
  takeDeepLinks(): Promise<void>;
  markInvitationOpened(): void;
  dismissInvitation(): void;
};

export const createAppSlice: StateCreator<AppState, [], [], AppSlice> = (set, get) => ({
  appInfo: null,
  settings: null,
  update: { status: 'unsupported' },
  pendingInvitation: null,
  invitationOpened: false,
  loadApp: async () => {
    try {
      const [appInfo, settings, update] = await Promise.all([
        invoke('app.info', {}),
        invoke('app.settings', {}),
        invoke('app.updateState', {}),
      ]);
      set({ appInfo, settings, update });
    } catch {
      // Shown as defaults; the bridge's reconnect reloads them.
    }
  },
  setSettings: (settings) => set({ settings }),
  updateSettings: async (patch) => {
    const before = get().settings;
    if (before) set({ settings: { ...before, ...patch } });
    try {
      set({ settings: await invoke('app.updateSettings', patch) });
    } catch (error) {
      set({ settings: before });
      get().showNotice({ level: 'error', title: 'Setting not saved', message: messageOf(error), orgId: null });
    }
  },
  setUpdate: (update) => set({ update }),
  checkForUpdates: async () => {
    try {
      set({ update: await invoke('app.checkForUpdates', {}) });
    } catch (error) {
      get().showNotice({
        level: 'error',
        title: 'Could not check for updates',
        message: messageOf(error),
        orgId: null,
      });
    }
  },
  installUpdate: async () => {
    try {
      await invoke('app.installUpdate', {});
    } catch (error) {
      get().showNotice({
        level: 'error',
        title: 'Could not restart to update',
        message: messageOf(error),
        orgId: null,
      });
    }
  },
  takeDeepLinks: async () => {
    const links = await invoke('app.takeDeepLinks', {}).catch(() => []);
    const invitation = links.filter((l) => l.kind === 'acceptInvite').at(-1);
    if (invitation) set({ pendingInvitation: invitation, invitationOpened: false });
  },
  markInvitationOpened: () => set({ invitationOpened: true }),
  dismissInvitation: () => set({ pendingInvitation: null, invitationOpened: false }),
});

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'Try again';
}
