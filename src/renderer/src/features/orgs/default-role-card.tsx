import { Group, Paper, Select, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { defaultRoleMaxRank } from '@shared/permissions';
import type { Org } from '@shared/schemas/org';
import { ErrorAlert, errorMessage } from '@renderer/components/error-alert';
import { invoke, mutate } from '@renderer/lib/api';
import { useAsync } from '@renderer/lib/use-async';
import { useAppStore } from '@renderer/store';

/** The role invitations get when the inviter may not choose one (ranked 40 or below). */
export function DefaultRoleCard({ org, editable }: { org: Org; editable: boolean }) {
  const version = useAppStore((s) => s.dataVersion[org.id] ?? 0);
  const roles = useAsync(
    async () => (await invoke('roles.list', { orgId: org.id })).filter((r) => r.rank <= defaultRoleMaxRank),
    `${org.id}:${version}`,
  );
  const change = async (roleId: string | null) => {
    if (!roleId || roleId === org.defaultRoleId) return;
    try {
      await mutate(org.id, 'org.update', { patch: { defaultRoleId: roleId } });
      notifications.show({
        color: 'teal',
        title: 'Default role saved',
        message: `New invitations get ${roles.data?.find((r) => r.id === roleId)?.name ?? 'that role'}.`,
      });
    } catch (error) {
      notifications.show({ color: 'red', title: 'Default role not saved', message: errorMessage(error) });
    }
  };
  return (
    <Paper withBorder p="lg">
      <Group justify="space-between" wrap="wrap" gap="md" align="flex-end">
        <div>
          <Title order={2} fz="h4">
            Default role for invitations
          </Title>
          <Text size="sm" c="dimmed" maw={480}>
            People invited by members who may not choose a role (managers) join with this role. Only roles ranked{' '}
            {defaultRoleMaxRank} or below qualify.
          </Text>
        </div>
        <Select
          aria-label="Default role"
          w={220}
          data={(roles.data ?? []).map((r) => ({ value: r.id, label: `${r.name} (${r.rank})` }))}
          value={org.defaultRoleId}
          onChange={(v) => void change(v)}
          disabled={!editable || roles.data === null}
          allowDeselect={false}
          placeholder={roles.status === 'loading' ? 'Loading roles…' : 'Choose a role'}
        />
      </Group>
      {roles.status === 'error' ? <ErrorAlert title="Could not read the roles" message={roles.error} /> : null}
    </Paper>
  );
}
