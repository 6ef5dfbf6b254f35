import { Switch } from '@mantine/core';
import type { OrgSummary } from '@shared/ipc';
import type { UsageSummary } from '@shared/ipc-usage';
import { errorMessage } from '@renderer/components/error-alert';
import { invoke } from '@renderer/lib/api';
import { usePendingToggle } from '@renderer/lib/use-pending-toggle';
import { useAppStore } from '@renderer/store';

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
  const showNotice = useAppStore((s) => s.showNotice);
  const shown = usePendingToggle(usage?.muted ?? false);
  const toggle = async (muted: boolean) => {
    shown.request(muted);
    try {
      await invoke('alerts.setMuted', { orgId: summary.org.id, muted });
      onChanged();
    } catch (error) {
      shown.settle();
      showNotice({
        level: 'error',
        title: muted ? 'Alerts not muted' : 'Alerts still muted',
        message: errorMessage(error),
        orgId: summary.org.id,
      });
    }
  };
  return (
    <Switch
      checked={shown.checked}
      disabled={usage === null}
      onChange={(e) => void toggle(e.currentTarget.checked)}
      label="Mute alerts from this organization on this device"
      description={`No notifications and no tray warning for ${summary.org.name} here; email and other devices are not affected. To pause notifications for every organization, use the tray menu or Account settings.`}
    />
  );
}
