import { Button, Switch, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import type { OrgSummary } from '@shared/ipc';
import type { Bot } from '@shared/schemas/automation';
import { errorMessage } from '@renderer/components/error-alert';
import { mutate } from '@renderer/lib/api';
import { canIn } from '@renderer/lib/membership';
import { useOptimisticToggle } from '@renderer/lib/use-pending-toggle';
import { useAppStore } from '@renderer/store';
import { isOnline } from '@renderer/store/sync-slice';

/**
 * Enables or disables a bot at once (optimistic); a refusal here or later from the server reverts
 * it and says why in a notice.
 */
export function BotEnabledSwitch({ summary, bot }: { summary: OrgSummary; bot: Bot }) {
  const mayToggle = canIn(summary, 'bots.toggle');
  const { checked, toggle } = useOptimisticToggle({
    confirmed: bot.enabled,
    orgId: summary.org.id,
    change: (enabled) => mutate(summary.org.id, 'bot.setEnabled', { botId: bot.id, enabled }),
    failure: (enabled) => (enabled ? `Could not enable ${bot.name}` : `Could not disable ${bot.name}`),
  });
  const control = (
    <Switch
      checked={checked}
      onChange={(e) => void toggle(e.currentTarget.checked)}
      disabled={!mayToggle}
      label="Enabled"
      aria-label={`${bot.name} enabled`}
    />
  );
  return mayToggle ? (
    control
  ) : (
    <Tooltip label="Your role does not allow enabling or disabling bots">
      <span>{control}</span>
    </Tooltip>
  );
}

/** Queues a run now (online only); the server's refusal (e.g. a disabled bot) is shown as a notice. */
export function RunNowButton({ summary, bot, size = 'xs' }: { summary: OrgSummary; bot: Bot; size?: 'xs' | 'sm' }) {
  const online = useAppStore((s) => isOnline(s.sync, s.bridge));
  const showNotice = useAppStore((s) => s.showNotice);
  const [busy, setBusy] = useState(false);
  if (!canIn(summary, 'runs.execute')) return null;
  const run = async () => {
    setBusy(true);
    try {
      await mutate(summary.org.id, 'bot.runNow', { botId: bot.id });
      notifications.show({
        color: 'teal',
        title: 'Run queued',
        message: `${bot.name} runs as soon as a runner takes it.`,
      });
    } catch (error) {
      showNotice({
        level: 'error',
        title: `${bot.name} did not start`,
        message: errorMessage(error),
        orgId: summary.org.id,
      });
    } finally {
      setBusy(false);
    }
  };
  // Offline it stays focusable (aria-disabled) so the keyboard reaches the hint.
  return (
    <Tooltip label="Run now needs a connection to the server" disabled={online}>
      <Button
        size={size}
        variant="light"
        leftSection={<IconPlayerPlay size={14} />}
        loading={busy}
        data-disabled={online ? undefined : true}
        aria-disabled={!online}
        onClick={(e) => {
          if (online) void run();
          else e.preventDefault();
        }}
        aria-label={`Run ${bot.name} now`}
      >
        Run now
      </Button>
    </Tooltip>
  );
}
