import { on, onBridgeConnection } from '@renderer/lib/api';
import { useAppStore } from './index';

/** Reads everything the shell shows: after start and after the bridge comes back (events may have been missed). */
export async function refreshAll(): Promise<void> {
  const { loadSession, loadSync, loadOrgs } = useAppStore.getState();
  await loadSession();
  await loadSync();
  const { session } = useAppStore.getState();
  if (session && session.status !== 'signedOut') await loadOrgs();
}

/** Wires main-process events into the store; returns the function that unwires them. */
export function subscribeToCore(): () => void {
  const store = useAppStore.getState;
  const offs = [
    on('session.changed', (session) => {
      store().setSession(session);
      if (session.status === 'signedOut') store().clearOrgs();
      else void store().loadOrgs();
    }),
    on('sync.status', (sync) => store().setSync(sync)),
    on('data.changed', ({ orgIds, entities }) => {
      // Org rows, memberships and roles feed the sidebar and switcher; everything else is per page.
      if (entities.length === 0 || entities.some((e) => e === 'org' || e === 'member' || e === 'role')) void store().loadOrgs();
      store().markDataChanged(orgIds);
    }),
    on('notice', (notice) => store().showNotice(notice)),
    onBridgeConnection((state) => {
      store().setBridge(state);
      if (state === 'open') void refreshAll();
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}
