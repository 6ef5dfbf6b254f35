import { describe, expect, it } from 'vitest';
import { trayModel } from './tray-model';
import type { TrayFacts } from './tray-model';

const base: TrayFacts = {
  activeOrgName: 'Acme Automation',
  creditBalance: null,
  lowCredits: false,
  notificationsPaused: false,
  online: true,
};
const labels = (facts: TrayFacts) => trayModel(facts).items.flatMap((i) => (i.kind === 'separator' ? [] : [i.label]));

describe('tray menu', () => {
  it('offers open, the active organization, pause and quit', () => {
    expect(labels(base)).toEqual(['Open Botdesk', 'Acme Automation', 'Pause notifications', 'Quit Botdesk']);
    expect(trayModel(base).tooltip).toBe('Botdesk · Acme Automation');
  });

  it('shows the credit balance, and warns when it runs low', () => {
    expect(labels({ ...base, creditBalance: 12500 })).toContain('12,500 credits left');
    const low = trayModel({ ...base, creditBalance: 40, lowCredits: true });
    expect(low.warning).toBe(true);
    expect(low.items).toContainEqual({ kind: 'info', label: '40 credits left — running low' });
  });

  it('offers to resume paused notifications and says when offline or signed out', () => {
    const facts = { ...base, activeOrgName: null, notificationsPaused: true, online: false };
    expect(labels(facts)).toEqual([
      'Open Botdesk',
      'Not signed in',
      'Offline — changes wait to sync',
      'Resume notifications',
      'Quit Botdesk',
    ]);
  });
});
