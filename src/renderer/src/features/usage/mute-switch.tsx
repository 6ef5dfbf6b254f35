import { Switch } from '@mantine/core';
import type { OrgSummary } from '@shared/ipc';
import type { UsageSummary } from '@shared/ipc-usage';
import { invoke } from '@renderer/lib/api';
import { useOptimisticToggle } from '@renderer/lib/use-pending-toggle';

/** Silences this org's alerts on this device only (a local preference, so it works offline). */
export function MuteSwitch({
  summary,
  usage,
  onChanged,
}: {
  summary: OrgSummary;
  usage: UsageSummary | null;
  /** Re-reads the usage summary, whose `muted` then agrees with the switch. */
  onChanged(): void;
}) {
  const { checked, toggle } = useOptimisticToggle({
    confirmed: usage?.muted ?? false,
    orgId: summary.org.id,
    change: async (muted) => {
      await invoke('alerts.setMuted', { orgId: summary.org.id, muted });
      onChanged();
    },
    failure: (muted) => (muted ? 'Alerts not muted' : 'Alerts still muted'),
  });
  return (
    <Switch
      checked={checked}
      disabled={usage === null}
      onChange={(e) => void toggle(e.currentTarget.checked)}
      label="Mute alerts from this organization on this device"
      description={`No notifications and no tray warning for ${summary.org.name} here; email and other devices are not affected. To pause notifications for every organization, use the tray menu or Account settings.`}
    />
  );
}
