import { create } from 'zustand';
import { createAppSlice } from './app-slice';
import type { AppSlice } from './app-slice';
import { createNoticesSlice } from './notices-slice';
import type { NoticesSlice } from './notices-slice';
import { createOrgsSlice } from './orgs-slice';
import type { OrgsSlice } from './orgs-slice';
import { createRunProgressSlice } from './run-progress-slice';
import type { RunProgressSlice } from './run-progress-slice';
import { createSessionSlice } from './session-slice';
import type { SessionSlice } from './session-slice';
import { createSyncSlice } from './sync-slice';
import type { SyncSlice } from './sync-slice';

export type AppState = SessionSlice & OrgsSlice & SyncSlice & NoticesSlice & AppSlice & RunProgressSlice;

/** The one store; components read it with selectors, e.g. `useAppStore((s) => s.session)`. */
export const useAppStore = create<AppState>()((...a) => ({
  ...createSessionSlice(...a),
  ...createOrgsSlice(...a),
  ...createSyncSlice(...a),
  ...createNoticesSlice(...a),
  ...createAppSlice(...a),
  ...createRunProgressSlice(...a),
}));
