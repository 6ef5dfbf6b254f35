import { Badge, Button, Group, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCloud, IconCloudOff, IconPlugConnectedX, IconRefresh } from '@tabler/icons-react';
import { relativeTime } from '@renderer/lib/relative-time';
import { useNow } from '@renderer/lib/use-now';
import { useAppStore } from '@renderer/store';

/** Always visible: online/offline, pending changes, last synced, last error with Retry, outdated client. */
export function StatusBar() {
  const sync = useAppStore((s) => s.sync);
  const bridge = useAppStore((s) => s.bridge);
  const retrying = useAppStore((s) => s.retrying);
  const retrySync = useAppStore((s) => s.retrySync);
  const now = useNow();
  const bridgeDown = bridge !== 'open';

  return (
    <Group role="status" aria-label="Sync status" h="100%" px="md" gap="md" wrap="nowrap">
      {bridgeDown ? (
        <Badge color="orange" variant="light" flex="none" leftSection={<IconPlugConnectedX size={12} />}>
          Desktop core unreachable, reconnecting…
        </Badge>
      ) : sync?.online ? (
        <Badge color="teal" variant="light" flex="none" leftSection={<IconCloud size={12} />}>
          Online
        </Badge>
      ) : (
        <Badge color="gray" variant="light" flex="none" leftSection={<IconCloudOff size={12} />}>
          Offline
        </Badge>
      )}
      <Text size="xs" c={sync && sync.pendingCount > 0 ? undefined : 'dimmed'}>
        {sync ? pendingLabel(sync.pendingCount) : 'Reading sync state…'}
      </Text>
      <Text size="xs" c="dimmed">
        {sync?.lastSyncedAt ? `Last synced ${relativeTime(sync.lastSyncedAt, now)}` : 'Not synced yet'}
      </Text>
      {sync?.clientOutdated ? (
        <Badge color="red" variant="filled" flex="none" leftSection={<IconAlertTriangle size={12} />}>
          This app is outdated: update Botdesk to keep syncing
        </Badge>
      ) : null}
      {sync?.lastError ? (
        <Group gap={6} wrap="nowrap" ml="auto" miw={0}>
          <Tooltip label={sync.lastError.message} multiline maw={360}>
            <Text size="xs" c="red" truncate maw={640}>
              {sync.lastError.message}
            </Text>
          </Tooltip>
          <Button
            size="compact-xs"
            variant="light"
            leftSection={<IconRefresh size={12} />}
            loading={retrying}
            disabled={bridgeDown}
            onClick={() => void retrySync()}
          >
            Retry
          </Button>
        </Group>
      ) : null}
    </Group>
  );
}

function pendingLabel(count: number): string {
  if (count === 0) return 'All changes synced';
  return count === 1 ? '1 change waiting to sync' : `${count} changes waiting to sync`;
}
