import { Button, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDoorExit } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import type { OrgSummary } from '@shared/ipc';
import { ConfirmModal } from '@renderer/components/confirm-modal';
import { mutate } from '@renderer/lib/api';
import { useAppStore } from '@renderer/store';
import { isOnline } from '@renderer/store/sync-slice';

/** Leaving: never the personal workspace; the owner must hand ownership over first. */
export function LeaveOrgButton({ summary }: { summary: OrgSummary }) {
  const [opened, modal] = useDisclosure(false);
  const online = useAppStore((s) => isOnline(s.sync, s.bridge));
  const loadOrgs = useAppStore((s) => s.loadOrgs);
  const navigate = useNavigate();
  const owner = summary.role.key === 'owner';
  const reason = owner
    ? `You own ${summary.org.name}. Transfer ownership to another member before you leave.`
    : online
      ? null
      : 'Leaving needs a connection to the server; try again when you are online.';
  return (
    <>
      <Button variant="default" color="red" leftSection={<IconDoorExit size={16} />} onClick={modal.open}>
        Leave organization…
      </Button>
      <ConfirmModal
        opened={opened}
        onClose={modal.close}
        title={`Leave ${summary.org.name}?`}
        confirmLabel="Leave organization"
        disabledReason={reason}
        onConfirm={async () => {
          await mutate(summary.org.id, 'org.leave', {});
          notifications.show({
            color: 'teal',
            title: 'You left the organization',
            message: `${summary.org.name} was removed from this computer.`,
          });
          await loadOrgs();
          await navigate('/', { replace: true });
        }}
      >
        <Text size="sm">
          You lose access to {summary.org.name} at once and its data is removed from this computer. To come back you
          need a new invitation.
        </Text>
      </ConfirmModal>
    </>
  );
}
