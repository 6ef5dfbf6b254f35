import { ActionIcon, Menu, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconCrown, IconDots, IconEye, IconUserCheck, IconUserMinus, IconUserOff } from '@tabler/icons-react';
import type { OrgSummary } from '@shared/ipc';
import type { Member } from '@shared/schemas/org';
import type { OwnershipTransfer } from '@shared/schemas/people';
import { ConfirmModal } from '@renderer/components/confirm-modal';
import { errorMessage } from '@renderer/components/error-alert';
import { mutate } from '@renderer/lib/api';
import { useAppStore } from '@renderer/store';
import { isOnline } from '@renderer/store/sync-slice';
import type { memberRights } from './members-table';
import { displayName } from './use-people';

type Rights = ReturnType<typeof memberRights>;

/** The row menu: only the actions the matrix allows on this member appear. */
export function MemberActions({
  summary,
  member,
  rights,
  transfer,
  onOpen,
}: {
  summary: OrgSummary;
  member: Member;
  rights: Rights;
  transfer: OwnershipTransfer | null;
  onOpen(): void;
}) {
  const online = useAppStore((s) => isOnline(s.sync, s.bridge));
  const [removing, remove] = useDisclosure(false);
  const [deactivating, deactivate] = useDisclosure(false);
  const [transferring, transferModal] = useDisclosure(false);
  const name = displayName(member);
  const orgId = summary.org.id;
  const offline = online ? null : 'This needs a connection to the server; try again when you are online.';

  const setStatus = async (status: Member['status']) => {
    try {
      await mutate(orgId, 'member.update', { memberId: member.id, patch: { status } });
      notifications.show({
        color: 'teal',
        title: status === 'active' ? 'Member reactivated' : 'Member deactivated',
        message: name,
      });
    } catch (error) {
      notifications.show({ color: 'red', title: 'Status not changed', message: errorMessage(error) });
    }
  };
  const pendingForThem = transfer?.toMemberId === member.id;

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${name}`}>
            <IconDots size={18} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconEye size={16} />} onClick={onOpen}>
            View details
          </Menu.Item>
          {rights.changeStatus && member.status === 'active' ? (
            <Menu.Item leftSection={<IconUserOff size={16} />} onClick={deactivate.open}>
              Deactivate…
            </Menu.Item>
          ) : null}
          {rights.changeStatus && member.status === 'deactivated' ? (
            <Menu.Item leftSection={<IconUserCheck size={16} />} onClick={() => void setStatus('active')}>
              Reactivate
            </Menu.Item>
          ) : null}
          {rights.transfer ? (
            <Menu.Item leftSection={<IconCrown size={16} />} onClick={transferModal.open} disabled={pendingForThem}>
              {pendingForThem ? 'Ownership offered' : 'Transfer ownership…'}
            </Menu.Item>
          ) : null}
          {rights.remove ? (
            <>
              <Menu.Divider />
              <Menu.Item color="red" leftSection={<IconUserMinus size={16} />} onClick={remove.open}>
                Remove from organization…
              </Menu.Item>
            </>
          ) : null}
        </Menu.Dropdown>
      </Menu>
      <ConfirmModal
        opened={deactivating}
        onClose={deactivate.close}
        title={`Deactivate ${name}?`}
        confirmLabel="Deactivate"
        onConfirm={() => setStatus('deactivated')}
      >
        <Text size="sm">
          {name} keeps their record but loses access on their next request, and their seat is freed. You can reactivate
          them later.
        </Text>
      </ConfirmModal>
      <ConfirmModal
        opened={removing}
        onClose={remove.close}
        title={`Remove ${name}?`}
        confirmLabel="Remove member"
        disabledReason={offline}
        onConfirm={async () => {
          await mutate(orgId, 'member.remove', { memberId: member.id });
          notifications.show({
            color: 'teal',
            title: 'Member removed',
            message: `${name} no longer has access to ${summary.org.name}.`,
          });
        }}
      >
        <Text size="sm">
          {name} ({member.email}) loses access to {summary.org.name} at once; their desktop removes its copy. API keys
          they created keep working and are flagged for review.
        </Text>
      </ConfirmModal>
      <ConfirmModal
        opened={transferring}
        onClose={transferModal.close}
        title={`Transfer ownership to ${name}?`}
        confirmLabel="Offer ownership"
        color="orange"
        disabledReason={offline}
        onConfirm={async () => {
          await mutate(orgId, 'ownership.transfer', { memberId: member.id });
          notifications.show({
            color: 'teal',
            title: 'Ownership offered',
            message: `${name} becomes owner once they accept; until then nothing changes.`,
          });
        }}
      >
        <Text size="sm">
          {name} becomes the owner of {summary.org.name} when they accept, and you become an admin. Until they accept,
          nothing changes and you can cancel the offer.
        </Text>
      </ConfirmModal>
    </>
  );
}
