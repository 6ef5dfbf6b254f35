import type { TrayOrgCredits } from '@shared/ipc-usage';
import type { TrayItem, TrayModel } from '../ports';

export type TrayFacts = {
  /** The organization the User Center shows, when someone is signed in. */
  activeOrgId: string | null;
  activeOrgName: string | null;
  /** The balance of every org whose usage this person may read, as this device knows it. */
  credits: readonly TrayOrgCredits[];
  notificationsPaused: boolean;
  online: boolean;
};

/** The menu lists at most this many balances: the active org, then the low ones, then by name. */
export const MAX_TRAY_BALANCES = 8;

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const creditsLeft = (balance: number) => `${numberFormat.format(balance)} credits left`;

/** What the tray shows: Linux needs a context menu, so everything lives in it. */
export function trayModel(facts: TrayFacts): TrayModel {
  const org = facts.activeOrgName;
  const active = facts.credits.find((c) => c.orgId === facts.activeOrgId);
  const low = facts.credits.filter((c) => c.low);
  const status = facts.online ? null : 'Offline — changes wait to sync';
  const lowNote =
    low.length === 0
      ? null
      : low.length === 1
        ? `${low[0]?.name} is low on credits`
        : `${low.length} organizations are low on credits`;
  return {
    tooltip: ['Botdesk', org, active ? creditsLeft(active.balance) : null, lowNote, status].filter(Boolean).join(' · '),
    warning: low.length > 0,
    items: [
      { kind: 'action', id: 'open', label: 'Open Botdesk' },
      { kind: 'separator' },
      ...(org ? [{ kind: 'info' as const, label: org }] : [{ kind: 'info' as const, label: 'Not signed in' }]),
      ...(status ? [{ kind: 'info' as const, label: status }] : []),
      ...balanceItems(facts),
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

function balanceItems(facts: TrayFacts): TrayItem[] {
  if (facts.credits.length === 0) return [];
  const rank = (c: TrayOrgCredits) => (c.orgId === facts.activeOrgId ? 0 : c.low ? 1 : 2);
  const listed = [...facts.credits]
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))
    .slice(0, MAX_TRAY_BALANCES);
  const more = facts.credits.length - listed.length;
  return [
    { kind: 'separator' },
    ...listed.map((c) => ({
      kind: 'org' as const,
      orgId: c.orgId,
      label: `${c.name}: ${creditsLeft(c.balance)}${c.low ? ' — running low' : ''}`,
    })),
    ...(more > 0 ? [{ kind: 'info' as const, label: `and ${more} more organizations` }] : []),
  ];
}
