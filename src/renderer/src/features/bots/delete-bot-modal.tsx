import { Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { OrgSummary } from '@shared/ipc';
import type { Bot } from '@shared/schemas/automation';
import { ConfirmModal } from '@renderer/components/confirm-modal';
import { mutate } from '@renderer/lib/api';
import { useAppStore } from '@renderer/store';
import { isOnline } from '@renderer/store/sync-slice';

/** Asks before deleting a bot: its triggers go with it, its queued runs are cancelled, history stays. */
export function DeleteBotModal({
  summary,
  bot,
  onClose,
  onDeleted,
}: {
  summary: OrgSummary;
  bot: Bot | null;
  onClose(): void;
  onDeleted?(): void;
}) {
  const online = useAppStore((s) => isOnline(s.sync, s.bridge));
  return (
    <ConfirmModal
      opened={bot !== null}
      onClose={onClose}
      title={`Delete the bot ${bot?.name ?? ''}?`}
      confirmLabel="Delete bot"
      disabledReason={online ? null : 'Deleting a bot needs a connection to the server.'}
      onConfirm={async () => {
        if (!bot) return;
        await mutate(summary.org.id, 'bot.delete', { botId: bot.id });
        notifications.show({ color: 'teal', title: 'Bot deleted', message: `${bot.name} is gone.` });
        onDeleted?.();
      }}
    >
      <Text size="sm">
        Its triggers are deleted and its queued runs cancelled; its run history stays. This cannot be undone.
      </Text>
    </ConfirmModal>
  );
}
