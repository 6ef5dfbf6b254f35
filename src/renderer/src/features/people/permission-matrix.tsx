import { Badge, Group, Paper, Table, Text } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { permissionGroups } from '@shared/permissions';
import type { Role } from '@shared/schemas/org';

/** Every permission against every role of the org. */
export function PermissionMatrix({ roles }: { roles: Role[] }) {
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={720}>
        <Table striped withColumnBorders stickyHeader aria-label="Permission matrix">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Permission</Table.Th>
              {roles.map((r) => (
                <Table.Th key={r.id} ta="center">
                  <Group gap={4} justify="center" wrap="nowrap">
                    <Text size="sm" fw={600}>
                      {r.name}
                    </Text>
                    {!r.builtIn ? (
                      <Badge size="xs" variant="outline">
                        Custom
                      </Badge>
                    ) : null}
                  </Group>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {permissionGroups.map((group) => [
              <Table.Tr key={group.key}>
                <Table.Td colSpan={roles.length + 1}>
                  <Text size="xs" fw={700} tt="uppercase" c="dimmed">
                    {group.name}
                  </Text>
                </Table.Td>
              </Table.Tr>,
              ...group.permissions.map((p) => (
                <Table.Tr key={p}>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {p}
                    </Text>
                  </Table.Td>
                  {roles.map((r) => (
                    <Table.Td key={r.id} ta="center">
                      {r.permissions.includes(p) ? (
                        <IconCheck size={16} aria-label={`${r.name} has ${p}`} />
                      ) : (
                        <Text span c="dimmed" aria-label={`${r.name} lacks ${p}`}>
                          ·
                        </Text>
                      )}
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
