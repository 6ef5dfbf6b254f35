import type { StateCreator } from 'zustand';
import type { SessionState } from '@shared/ipc';
import { invoke } from '@renderer/lib/api';
import type { AppState } from './index';

export type SessionSlice = {
  /** null until the core has answered once. */
  session: SessionState | null;
  sessionError: string | null;
  setSession(session: SessionState): void;
  loadSession(): Promise<void>;
};

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set) => ({
  session: null,
  sessionError: null,
  setSession: (session) => set({ session, sessionError: null }),
  loadSession: async () => {
    try {
      set({ session: await invoke('session.get', {}), sessionError: null });
    } catch (error) {
      set({ sessionError: error instanceof Error ? error.message : 'The desktop core did not answer' });
    }
  },
});
