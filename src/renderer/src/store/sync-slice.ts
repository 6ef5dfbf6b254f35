import type { StateCreator } from 'zustand';
import type { SyncStatus } from '@shared/ipc';
import type { BridgeConnection } from '@renderer/lib/bridge-client';
import { bridgeConnection, invoke } from '@renderer/lib/api';
import type { AppState } from './index';

export type SyncSlice = {
  sync: SyncStatus | null;
  bridge: BridgeConnection;
  retrying: boolean;
  setSync(sync: SyncStatus): void;
  setBridge(bridge: BridgeConnection): void;
  loadSync(): Promise<void>;
  retrySync(): Promise<void>;
};

export const createSyncSlice: StateCreator<AppState, [], [], SyncSlice> = (set, get) => ({
  sync: null,
  bridge: bridgeConnection(),
  retrying: false,
  setSync: (sync) => set({ sync }),
  setBridge: (bridge) => set({ bridge }),
  loadSync: async () => {
    try {
      set({ sync: await invoke('sync.status', {}) });
    } catch {
      // The status bar shows the bridge state; a failed read changes nothing it can say.
    }
  },
  retrySync: async () => {
    set({ retrying: true });
    try {
      set({ sync: await invoke('sync.retry', {}) });
    } catch (error) {
      get().showNotice({
        level: 'error',
        title: 'Retry failed',
        message: error instanceof Error ? error.message : 'Try again later',
        orgId: null,
      });
    } finally {
      set({ retrying: false });
    }
  },
});

/** Online-only actions need both the bridge (if any) and the server. */
export function isOnline(sync: SyncStatus | null, bridge: BridgeConnection): boolean {
  return bridge === 'open' && sync?.online === true;
}
