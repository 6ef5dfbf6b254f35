import type { StateCreator } from 'zustand';
import type { OrgSummary } from '@shared/ipc';
import { invoke } from '@renderer/lib/api';
import type { AppState } from './index';

export type OrgsSlice = {
  /** null until loaded (or after sign-out). */
  orgs: OrgSummary[] | null;
  orgsError: string | null;
  activeOrgId: string | null;
  /** Bumped per org on `data.changed`, so pages showing that org's rows read them again. */
  dataVersion: Record<string, number>;
  loadOrgs(): Promise<void>;
  setActiveOrg(orgId: string): Promise<void>;
  markDataChanged(orgIds: readonly string[]): void;
  clearOrgs(): void;
};

export const createOrgsSlice: StateCreator<AppState, [], [], OrgsSlice> = (set, get) => ({
  orgs: null,
  orgsError: null,
  activeOrgId: null,
  dataVersion: {},
  loadOrgs: async () => {
    try {
      set({ orgs: await invoke('orgs.list', {}), orgsError: null });
    } catch (error) {
      set({ orgsError: error instanceof Error ? error.message : 'Could not read your organizations' });
    }
  },
  setActiveOrg: async (orgId) => {
    if (get().activeOrgId === orgId) return;
    set({ activeOrgId: orgId });
    try {
      await invoke('orgs.setActive', { orgId });
    } catch {
      // Only the "open here next time" memory is lost; the page itself is already right.
    }
  },
  markDataChanged: (orgIds) =>
    set((state) => {
      const dataVersion = { ...state.dataVersion };
      for (const id of orgIds) dataVersion[id] = (dataVersion[id] ?? 0) + 1;
      return { dataVersion };
    }),
  clearOrgs: () => set({ orgs: null, orgsError: null, activeOrgId: null, dataVersion: {} }),
});

export function findOrg(orgs: readonly OrgSummary[] | null, orgId: string | null | undefined): OrgSummary | undefined {
  return orgs?.find((o) => o.org.id === orgId);
}
