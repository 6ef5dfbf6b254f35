import { Alert, Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCrown } from '@tabler/icons-react';
import { useState } from 'react';
import type { OrgSummary } from '@shared/ipc';
import { errorMessage } from '@renderer/components/error-alert';
import { invoke, mutate } from '@renderer/lib/api';
import { useAsync } from '@renderer/lib/use-async';
import { useAppStore } from '@renderer/store';
import { isOnline } from '@renderer/store/sync-slice';

/** A pending ownership transfer, shown to its recipient (Accept / Decline) and to the owner who offered it (Cancel). */
export function OwnershipNotice({ summary }: { summary: OrgSummary }) {
  const orgId = summary.org.id;
  const version = useAppStore((s) => s.dataVersion[orgId] ?? 0);
  const online = useAppStore((s) => isOnline(s.sync, s.bridge));
  const [busy, setBusy] = useState<string | null>(null);
  const pending = useAsync(async () => {
    const transfer = await invoke('ownership.pending', { orgId });
    if (!transfer) return null;
    const members = await invoke('members.list', { orgId });
    const name = (id: string) => members.find((m) => m.id === id)?.name ?? 'a member';
    return { transfer, from: name(transfer.fromMemberId), to: name(transfer.toMemberId) };
  }, `${orgId}:${version}`);
  const data = pending.data;
  if (!data) return null;
  const { transfer } = data;
  const forMe = transfer.toMemberId === summary.memberId;
  const byMe = transfer.fromMemberId === summary.memberId;
  if (!forMe && !byMe) return null;

  const act = async (kind: 'accept' | 'cancel') => {
    setBusy(kind);
    try {
      if (kind === 'accept') await mutate(orgId, 'ownership.accept', { transferId: transfer.id });
      else await mutate(orgId, 'ownership.cancel', { transferId: transfer.id });
      notifications.show({
        color: 'teal',
        title: kind === 'accept' ? `You now own ${summary.org.name}` : 'Ownership offer withdrawn',
        message: kind === 'accept' ? `${data.from} is now an admin.` : 'Nothing changed.',
      });
    } catch (error) {
      notifications.show({ color: 'red', title: 'That did not work', message: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconCrown size={18} />}
      mb="lg"
      title={
        forMe ? `${data.from} offered you ownership of ${summary.org.name}` : `You offered ownership to ${data.to}`
      }
    >
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text size="sm">
          {forMe
            ? 'If you accept you become the owner and they become an admin. Until then nothing changes.'
            : 'Nothing changes until they accept. You stay the owner meanwhile.'}
        </Text>
        <Group gap="xs">
          <Button
            size="xs"
            variant="default"
            loading={busy === 'cancel'}
            disabled={!online || busy !== null}
            onClick={() => void act('cancel')}
          >
            {forMe ? 'Decline' : 'Cancel offer'}
          </Button>
          {forMe ? (
            <Button
              size="xs"
              color="orange"
              loading={busy === 'accept'}
              disabled={!online || busy !== null}
              onClick={() => void act('accept')}
            >
              Accept ownership
            </Button>
          ) : null}
        </Group>
      </Group>
    </Alert>
  );
}
