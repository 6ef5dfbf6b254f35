import { Badge, Center, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { permissionGroups } from '@shared/permissions';
import type { Role } from '@shared/schemas/org';
import { ErrorAlert } from '@renderer/components/error-alert';
import { invoke } from '@renderer/lib/api';
import { useAsync } from '@renderer/lib/use-async';
import { useOrg } from '@renderer/features/shell/org-gate';
import { useAppStore } from '@renderer/store';

/** The org's roles and what each may do, read from the local copy; editing custom roles comes later. */
export function RolesPage() {
  const { org } = useOrg();
  const version = useAppStore((s) => s.dataVersion[org.id] ?? 0);
  const roles = useAsync(async () => (await invoke('roles.list', { orgId: org.id })).sort((a, b) => b.rank - a.rank), `${org.id}:${version}`);

  return (
    <Stack gap="lg">
      <div>
        <Title order={1} fz="h2">Roles & Permissions</Title>
        <Text c="dimmed">What each role in {org.name} may do. Custom roles arrive in a later release.</Text>
      </div>
      {roles.status === 'error' ? <ErrorAlert title="Could not read the roles" message={roles.error} /> : null}
      {roles.data === null && roles.status === 'loading' ? <Center h={160}><Loader aria-label="Loading roles" /></Center> : null}
      {roles.data?.length === 0 ? <Text c="dimmed">No roles have synced yet.</Text> : null}
      {roles.data && roles.data.length > 0 ? <Matrix roles={roles.data} /> : null}
    </Stack>
  );
}

function Matrix({ roles }: { roles: Role[] }) {
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={720}>
        <Table striped withColumnBorders stickyHeader>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Permission</Table.Th>
              {roles.map((r) => (
                <Table.Th key={r.id} ta="center">
                  <Group gap={4} justify="center" wrap="nowrap">
                    <Text size="sm" fw={600}>{r.name}</Text>
                    {!r.builtIn ? <Badge size="xs" variant="outline">Custom</Badge> : null}
                  </Group>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {permissionGroups.map((group) => [
              <Table.Tr key={group.key}>
                <Table.Td colSpan={roles.length + 1}>
                  <Text size="xs" fw={700} tt="uppercase" c="dimmed">{group.name}</Text>
                </Table.Td>
              </Table.Tr>,
              ...group.permissions.map((p) => (
                <Table.Tr key={p}>
                  <Table.Td><Text size="sm" ff="monospace">{p}</Text></Table.Td>
                  {roles.map((r) => (
                    <Table.Td key={r.id} ta="center">
                      {r.permissions.includes(p) ? <IconCheck size={16} aria-label={`${r.name} has ${p}`} /> : <Text span c="dimmed" aria-label={`${r.name} lacks ${p}`}>·</Text>}
                    </Table.Td>
                  ))}
                </Table.Tr>
              )),
            ])}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
