import { describe, expect, it } from 'vitest';
import { MAX_TRAY_BALANCES, trayModel } from './tray-model';
import type { TrayFacts } from './tray-model';

const acme = '00000000-0000-4000-8000-000000000001';
const base: TrayFacts = {
  activeOrgId: acme,
  activeOrgName: 'Acme Automation',
  credits: [],
  notificationsPaused: false,
  online: true,
};
const labels = (facts: TrayFacts) => trayModel(facts).items.flatMap((i) => (i.kind === 'separator' ? [] : [i.label]));
const org = (n: number, balance: number, low = false) => ({
  orgId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  name: `Org ${String(n).padStart(2, '0')}`,
  balance,
  low,
});

describe('tray menu', () => {
  it('offers open, the active organization, pause and quit', () => {
    expect(labels(base)).toEqual(['Open Botdesk', 'Acme Automation', 'Pause notifications', 'Quit Botdesk']);
    expect(trayModel(base).tooltip).toBe('Botdesk · Acme Automation');
    expect(trayModel(base).warning).toBe(false);
  });

  it('lists each organization’s balance as a line that opens its usage', () => {
    const facts = { ...base, credits: [{ orgId: acme, name: 'Acme Automation', balance: 12500, low: false }] };
    expect(trayModel(facts).items).toContainEqual({
      kind: 'org',
      orgId: acme,
      label: 'Acme Automation: 12,500 credits left',
    });
    expect(trayModel(facts).tooltip).toBe('Botdesk · Acme Automation · 12,500 credits left');
  });

  it('turns to its warning state while any organization is low, and names it', () => {
    const facts = { ...base, credits: [org(1, 900), org(2, 40, true)] };
    const model = trayModel(facts);
    expect(model.warning).toBe(true);
    expect(labels(facts)).toContain('Org 02: 40 credits left — running low');
    expect(model.tooltip).toContain('Org 02 is low on credits');
  });

  it('keeps the menu short: the active org first, then low ones, then the rest by name', () => {
    const many = Array.from({ length: 12 }, (_, i) => org(i + 2, 100 * i, i === 9));
    const facts = { ...base, credits: [...many, { orgId: acme, name: 'Acme Automation', balance: 5, low: false }] };
    const orgLines = trayModel(facts).items.filter((i) => i.kind === 'org');
    expect(orgLines).toHaveLength(MAX_TRAY_BALANCES);
    expect(orgLines[0]?.label).toBe('Acme Automation: 5 credits left');
    expect(orgLines[1]?.label).toBe('Org 11: 900 credits left — running low');
    expect(orgLines[2]?.label).toBe('Org 02: 0 credits left');
    expect(labels(facts)).toContain(`and ${13 - MAX_TRAY_BALANCES} more organizations`);
  });

  it('offers to resume paused notifications and says when offline or signed out', () => {
    const facts = { ...base, activeOrgId: null, activeOrgName: null, notificationsPaused: true, online: false };
    expect(labels(facts)).toEqual([
      'Open Botdesk',
      'Not signed in',
      'Offline — changes wait to sync',
      'Resume notifications',
      'Quit Botdesk',
    ]);
  });
});
