import {
  ActionIcon,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { OrgSummary } from '@shared/ipc';
import { can } from '@shared/permissions';
import type { Role } from '@shared/schemas/org';
import { ConfirmModal } from '@renderer/components/confirm-modal';
import { ErrorAlert } from '@renderer/components/error-alert';
import { mutate } from '@renderer/lib/api';
import { membershipOf } from '@renderer/lib/membership';
import { useOrg } from '@renderer/features/shell/org-gate';
import { useAppStore } from '@renderer/store';
import { isOnline } from '@renderer/store/sync-slice';
import { PermissionMatrix } from './permission-matrix';
import { RoleModal } from './role-modal';
import { usePeople } from './use-people';
import type { PeopleData } from './use-people';

/** The org's roles: built-in ones as the matrix defines them, custom ones to create, edit and delete. */
export function RolesPage() {
  const summary = useOrg();
  const data = usePeople(summary);
  const mayManage = can(membershipOf(summary), 'roles.manage');
  const [editing, setEditing] = useState<Role | 'new' | null>(null);

  return (
    <Stack gap="lg" maw={1180}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} fz="h2">
            Roles & Permissions
          </Title>
          <Text c="dimmed">
            What each role in {summary.org.name} may do. Custom roles rank below their creator and grant only what the
            creator holds.
          </Text>
        </div>
        {mayManage ? (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            Create role
          </Button>
        ) : null}
      </Group>
      {data.status === 'error' ? <ErrorAlert title="Could not read the roles" message={data.error} /> : null}
      {data.data === null && data.status === 'loading' ? (
        <Center h={160}>
          <Loader aria-label="Loading roles" />
        </Center>
      ) : null}
      {data.data?.roles.length === 0 ? <Text c="dimmed">No roles have synced yet.</Text> : null}
      {data.data && data.data.roles.length > 0 ? (
        <>
          <RolesTable summary={summary} data={data.data} onEdit={setEditing} />
          <Title order={2} fz="h4">
            Permission matrix
          </Title>
          <PermissionMatrix roles={data.data.roles} />
        </>
      ) : null}
      <RoleModal summary={summary} role={editing} onClose={() => setEditing(null)} />
    </Stack>
  );
}

function RolesTable({ summary, data, onEdit }: { summary: OrgSummary; data: PeopleData; onEdit(role: Role): void }) {
  const [deleting, setDeleting] = useState<Role | null>(null);
  const online = useAppStore((s) => isOnline(s.sync, s.bridge));
  const actor = membershipOf(summary);
  const mayEdit = (r: Role) => !r.builtIn && can(actor, 'roles.manage') && r.rank < actor.role.rank;
  const counts = new Map<string, number>();
  for (const m of data.members) counts.set(m.roleId, (counts.get(m.roleId) ?? 0) + 1);
  const fallback = data.rolesById.get(summary.org.defaultRoleId ?? '');

  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" aria-label="Roles">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Rank</Table.Th>
              <Table.Th>Members</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.roles.map((r) => (
              <Table.Tr key={r.id} data-role={r.name}>
                <Table.Td>
                  <Group gap="xs">
                    <Text size="sm" fw={500}>
                      {r.name}
                    </Text>
                    {r.id === summary.org.defaultRoleId ? (
                      <Badge size="xs" variant="light" color="gray">
                        Default for invitations
                      </Badge>
                    ) : null}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{r.rank}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{counts.get(r.id) ?? 0}</Text>
                </Table.Td>
                <Table.Td>
                  {r.builtIn ? (
                    <Badge variant="light">Built-in</Badge>
                  ) : (
                    <Badge variant="outline" color="grape">
                      Custom
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {mayEdit(r) ? (
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Tooltip label="Edit role">
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={`Edit ${r.name}`}
                          onClick={() => onEdit(r)}
                        >
                          <IconPencil size={16} />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label="Delete role">
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Delete ${r.name}`}
                          onClick={() => setDeleting(r)}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ConfirmModal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete the role ${deleting?.name ?? ''}?`}
        confirmLabel="Delete role"
        disabledReason={online ? null : 'Deleting a role needs a connection to the server.'}
        onConfirm={async () => {
          if (!deleting) return;
          await mutate(summary.org.id, 'role.delete', { roleId: deleting.id });
          notifications.show({
            color: 'teal',
            title: 'Role deleted',
            message: `${deleting.name} is gone; its members now hold ${fallback?.name ?? 'the default role'}.`,
          });
        }}
      >
        <Text size="sm">
          {counts.get(deleting?.id ?? '') ?? 0} member(s) holding {deleting?.name} move to the default role,{' '}
          {fallback?.name ?? 'set in the organization profile'}. This cannot be undone.
        </Text>
      </ConfirmModal>
    </Paper>
  );
}
