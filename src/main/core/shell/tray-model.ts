import type { TrayModel } from '../ports';

export type TrayFacts = {
  /** The organization the User Center shows, when someone is signed in. */
  activeOrgName: string | null;
  /** Remaining credits of that org, once usage is known on this device. */
  creditBalance: number | null;
  /** A credit alert is active for that org: the tray icon turns to its warning state. */
  lowCredits: boolean;
  notificationsPaused: boolean;
  online: boolean;
};

const numberFormat = new Intl.NumberFormat('en-US');

/** What the tray shows: Linux needs a context menu, so everything lives in it. */
export function trayModel(facts: TrayFacts): TrayModel {
  const org = facts.activeOrgName;
  const balance = facts.creditBalance === null ? null : `${numberFormat.format(facts.creditBalance)} credits left`;
  const status = facts.online ? null : 'Offline — changes wait to sync';
  return {
    tooltip: ['Botdesk', org, balance, status].filter(Boolean).join(' · '),
    warning: facts.lowCredits,
    items: [
      { kind: 'action', id: 'open', label: 'Open Botdesk' },
      { kind: 'separator' },
      ...(org ? [{ kind: 'info' as const, label: org }] : [{ kind: 'info' as const, label: 'Not signed in' }]),
      ...(balance ? [{ kind: 'info' as const, label: facts.lowCredits ? `${balance} — running low` : balance }] : []),
      ...(status ? [{ kind: 'info' as const, label: status }] : []),
      { kind: 'separator' },
      {
        kind: 'action',
        id: 'togglePause',
        label: facts.notificationsPaused ? 'Resume notifications' : 'Pause notifications',
      },
      { kind: 'separator' },
      { kind: 'action', id: 'quit', label: 'Quit Botdesk' },
    ],
  };
}
