import { on, onBridgeConnection } from '@renderer/lib/api';
import { router } from '@renderer/router';
import { useAppStore } from './index';

/** Reads everything the shell shows: after start and after the bridge comes back (events may have been missed). */
export async function refreshAll(): Promise<void> {
  const { loadSession, loadSync, loadOrgs, loadApp } = useAppStore.getState();
  await Promise.all([loadSession(), loadApp()]);
  await loadSync();
  const { session } = useAppStore.getState();
  if (session && session.status !== 'signedOut') await loadOrgs();
  if (session?.status === 'signedIn') await openDeepLinks();
}

/** Takes a link that waited in main (through sign-in, or while the page loaded); the workspace opens it. */
async function openDeepLinks(): Promise<void> {
  await useAppStore.getState().takeDeepLinks();
}

/** Wires main-process events into the store; returns the function that unwires them. */
export function subscribeToCore(): () => void {
  const store = useAppStore.getState;
  const offs = [
    on('session.changed', (session) => {
      store().setSession(session);
      if (session.status === 'signedOut') store().clearOrgs();
      else void store().loadOrgs();
      if (session.status === 'signedIn') void openDeepLinks();
    }),
    on('app.settings', (settings) => store().setSettings(settings)),
    on('app.update', (update) => store().setUpdate(update)),
    on('app.navigate', ({ route }) => void router.navigate(route)),
    on('app.deepLink', () => void openDeepLinks()),
    on('sync.status', (sync) => store().setSync(sync)),
    on('data.changed', ({ orgIds, entities }) => {
      // Org rows, memberships and roles feed the sidebar and switcher; everything else is per page.
      if (entities.length === 0 || entities.some((e) => e === 'org' || e === 'member' || e === 'role'))
        void store().loadOrgs();
      store().markDataChanged(orgIds);
    }),
    on('notice', (notice) => store().showNotice(notice)),
    on('runs.progress', (progress) => store().setRunProgress(progress)),
    onBridgeConnection((state) => {
      store().setBridge(state);
      if (state === 'open') void refreshAll();
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}
