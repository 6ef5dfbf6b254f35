import { Avatar, Badge, Center, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { EmptyState } from '@mantine/core';
import { IconUsers } from '@tabler/icons-react';
import type { Member, Role } from '@shared/schemas/org';
import { ErrorAlert } from '@renderer/components/error-alert';
import { invoke } from '@renderer/lib/api';
import { useAsync } from '@renderer/lib/use-async';
import { initials } from '@renderer/features/shell/org-switcher';
import { useOrg } from '@renderer/features/shell/org-gate';
import { useAppStore } from '@renderer/store';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** Members of the org from the local copy; inviting and changing members come in a later release. */
export function PeoplePage() {
  const { org } = useOrg();
  const version = useAppStore((s) => s.dataVersion[org.id] ?? 0);
  const data = useAsync(
    async () => {
      const [members, roles] = await Promise.all([invoke('members.list', { orgId: org.id }), invoke('roles.list', { orgId: org.id })]);
      return { members, roles: new Map(roles.map((r) => [r.id, r])) };
    },
    `${org.id}:${version}`,
  );

  return (
    <Stack gap="lg" maw={1040}>
      <div>
        <Title order={1} fz="h2">People</Title>
        <Text c="dimmed">Everyone with access to {org.name}. Inviting and changing members arrives in a later release.</Text>
      </div>
      {data.status === 'error' ? <ErrorAlert title="Could not read the members" message={data.error} /> : null}
      {data.data === null && data.status === 'loading' ? (
        <Center h={160}><Loader aria-label="Loading members" /></Center>
      ) : null}
      {data.data && data.data.members.length === 0 ? (
        <EmptyState icon={<IconUsers size={28} />} title="No members yet" description="Members appear here once this organization's copy has synced." />
      ) : null}
      {data.data && data.data.members.length > 0 ? <MembersTable members={data.data.members} roles={data.data.roles} /> : null}
    </Stack>
  );
}

function MembersTable({ members, roles }: { members: Member[]; roles: Map<string, Role> }) {
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Member</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Joined</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>
                  <Group gap="sm" wrap="nowrap">
                    <Avatar size={32} radius="xl" color="indigo">{initials(m.alias ?? m.name)}</Avatar>
                    <div>
                      <Text size="sm" fw={500}>{m.alias ?? m.name}</Text>
                      <Text size="xs" c="dimmed">{m.email}</Text>
                    </div>
                    {m.kind === 'external_collaborator' ? <Badge size="xs" variant="outline" color="gray">External</Badge> : null}
                  </Group>
                </Table.Td>
                <Table.Td><Text size="sm">{roles.get(m.roleId)?.name ?? 'Unknown role'}</Text></Table.Td>
                <Table.Td>
                  <Badge variant="light" color={m.status === 'active' ? 'teal' : 'gray'}>{m.status === 'active' ? 'Active' : 'Deactivated'}</Badge>
                </Table.Td>
                <Table.Td><Text size="sm">{dateFormat.format(new Date(m.joinedAt))}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
