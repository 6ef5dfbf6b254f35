import { Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { OrgSummary } from '@shared/ipc';
import type { Invitation } from '@shared/schemas/people';
import { ConfirmModal } from '@renderer/components/confirm-modal';
import { errorMessage } from '@renderer/components/error-alert';
import { mutate } from '@renderer/lib/api';
import { useAppStore } from '@renderer/store';
import { isOnline } from '@renderer/store/sync-slice';
import { dateFormat } from './use-people';
import type { PeopleData } from './use-people';

/** Invitations not yet answered, with resend and revoke (online actions). */
export function InvitationsCard({ summary, data }: { summary: OrgSummary; data: PeopleData }) {
  const online = useAppStore((s) => isOnline(s.sync, s.bridge));
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const orgId = summary.org.id;

  const resend = async (invitation: Invitation) => {
    setBusyId(invitation.id);
    try {
      await mutate(orgId, 'invitation.resend', { invitationId: invitation.id });
      notifications.show({
        color: 'teal',
        title: 'Invitation sent again',
        message: `A new link went to ${invitation.email}; the old one no longer works.`,
      });
    } catch (error) {
      notifications.show({ color: 'red', title: 'Could not resend', message: errorMessage(error) });
    } finally {
      setBusyId(null);
    }
  };

  return (
    <Paper withBorder p="lg">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} fz="h4">
            Pending invitations
          </Title>
          {!online ? (
            <Text size="sm" c="dimmed">
              Resending and revoking need a connection.
            </Text>
          ) : null}
        </Group>
        {data.invitations.length === 0 ? (
          <Text size="sm" c="dimmed">
            No invitations are waiting for an answer.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="xs" aria-label="Pending invitations">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Invited by</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.invitations.map((i) => (
                  <Table.Tr key={i.id} data-invitation={i.email}>
                    <Table.Td>
                      <Text size="sm">{i.email}</Text>
                      {i.name ? (
                        <Text size="xs" c="dimmed">
                          {i.name}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{data.rolesById.get(i.roleId)?.name ?? 'Unknown role'}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{i.inviterName}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{dateFormat.format(new Date(i.expiresAt))}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button
                          size="xs"
                          variant="default"
                          disabled={!online}
                          loading={busyId === i.id}
                          onClick={() => void resend(i)}
                          aria-label={`Resend invitation to ${i.email}`}
                        >
                          Resend
                        </Button>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          disabled={!online}
                          onClick={() => setRevoking(i)}
                          aria-label={`Revoke invitation to ${i.email}`}
                        >
                          Revoke
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      <ConfirmModal
        opened={revoking !== null}
        onClose={() => setRevoking(null)}
        title="Revoke this invitation?"
        confirmLabel="Revoke invitation"
        onConfirm={async () => {
          if (!revoking) return;
          await mutate(orgId, 'invitation.revoke', { invitationId: revoking.id });
          notifications.show({
            color: 'teal',
            title: 'Invitation revoked',
            message: `The link sent to ${revoking.email} no longer works.`,
          });
        }}
      >
        <Text size="sm">
          The link sent to {revoking?.email} stops working at once. You can invite them again later.
        </Text>
      </ConfirmModal>
    </Paper>
  );
}
