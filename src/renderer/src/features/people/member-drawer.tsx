import { Avatar, Badge, Drawer, Group, List, Loader, Stack, Text, Title } from '@mantine/core';
import type { OrgSummary } from '@shared/ipc';
import { permissionGroups } from '@shared/permissions';
import type { Member } from '@shared/schemas/org';
import { ErrorAlert } from '@renderer/components/error-alert';
import { invoke } from '@renderer/lib/api';
import { canIn } from '@renderer/lib/membership';
import { useAsync } from '@renderer/lib/use-async';
import { initials } from '@renderer/features/shell/org-switcher';
import { useAppStore } from '@renderer/store';
import { dateFormat, dateTimeFormat, displayName } from './use-people';
import type { PeopleData } from './use-people';

/** One member: profile, role, what that role grants, and what they did lately (from the local audit log). */
export function MemberDrawer({
  summary,
  data,
  member,
  onClose,
}: {
  summary: OrgSummary;
  data: PeopleData;
  member: Member | null;
  onClose(): void;
}) {
  return (
    <Drawer
      opened={member !== null}
      onClose={onClose}
      position="right"
      size="md"
      title={member ? displayName(member) : ''}
    >
      {member ? <MemberDetail summary={summary} data={data} member={member} /> : null}
    </Drawer>
  );
}

function MemberDetail({ summary, data, member }: { summary: OrgSummary; data: PeopleData; member: Member }) {
  const role = data.rolesById.get(member.roleId);
  const granted = new Set(role?.permissions ?? []);
  return (
    <Stack gap="lg">
      <Group gap="md" wrap="nowrap">
        <Avatar size={48} radius="xl" color="indigo">
          {initials(displayName(member))}
        </Avatar>
        <div>
          <Text fw={600}>
            {member.name}
            {member.alias ? ` (${member.alias})` : ''}
          </Text>
          <Text size="sm" c="dimmed">
            {member.email}
          </Text>
          <Group gap={6} mt={4}>
            <Badge variant="light">{role?.name ?? 'Unknown role'}</Badge>
            <Badge variant="light" color={member.status === 'active' ? 'teal' : 'gray'}>
              {member.status === 'active' ? 'Active' : 'Deactivated'}
            </Badge>
            {member.kind === 'external_collaborator' ? (
              <Badge variant="outline" color="gray">
                External collaborator
              </Badge>
            ) : null}
          </Group>
        </div>
      </Group>
      <Text size="sm">
        Joined {dateFormat.format(new Date(member.joinedAt))} ·{' '}
        {member.lastLoginAt
          ? `last signed in ${dateTimeFormat.format(new Date(member.lastLoginAt))}`
          : 'never signed in'}
      </Text>
      <div>
        <Title order={3} fz="h5" mb="xs">
          What {role?.name ?? 'this role'} may do
        </Title>
        {permissionGroups
          .filter((g) => g.permissions.some((p) => granted.has(p)))
          .map((g) => (
            <div key={g.key}>
              <Text size="xs" fw={700} tt="uppercase" c="dimmed" mt="xs">
                {g.name}
              </Text>
              <List size="sm" spacing={2}>
                {g.permissions
                  .filter((p) => granted.has(p))
                  .map((p) => (
                    <List.Item key={p}>
                      <Text span size="sm" ff="monospace">
                        {p}
                      </Text>
                    </List.Item>
                  ))}
              </List>
            </div>
          ))}
        {granted.size === 0 ? (
          <Text size="sm" c="dimmed">
            No permissions.
          </Text>
        ) : null}
      </div>
      <div>
        <Title order={3} fz="h5" mb="xs">
          Recent activity
        </Title>
        {canIn(summary, 'audit.read') ? (
          <RecentActivity orgId={summary.org.id} userId={member.userId} />
        ) : (
          <Text size="sm" c="dimmed">
            Activity shows to members who may read the audit log.
          </Text>
        )}
      </div>
    </Stack>
  );
}

function RecentActivity({ orgId, userId }: { orgId: string; userId: string }) {
  const version = useAppStore((s) => s.dataVersion[orgId] ?? 0);
  const events = useAsync(
    async () => (await invoke('audit.list', { orgId, actorId: userId, limit: 10 })).events,
    `${orgId}:${userId}:${version}`,
  );
  if (events.status === 'error') return <ErrorAlert title="Could not read the activity" message={events.error} />;
  if (events.data === null) return <Loader size="sm" aria-label="Loading activity" />;
  if (events.data.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No administrative changes by this member yet.
      </Text>
    );
  return (
    <List size="sm" spacing={6}>
      {events.data.map((e) => (
        <List.Item key={e.id}>
          <Text size="sm">
            <Text span ff="monospace" size="sm">
              {e.action}
            </Text>{' '}
            · {e.targetLabel}
          </Text>
          <Text size="xs" c="dimmed">
            {dateTimeFormat.format(new Date(e.at))}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}
