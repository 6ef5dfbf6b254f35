import { Anchor, Avatar, Badge, Group, Paper, Select, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { OrgSummary } from '@shared/ipc';
import { assignableRoles, can, mayChangeMember } from '@shared/permissions';
import type { Member } from '@shared/schemas/org';
import { errorMessage } from '@renderer/components/error-alert';
import { mutate } from '@renderer/lib/api';
import { grantOf, grantedRoles, membershipOf } from '@renderer/lib/membership';
import { initials } from '@renderer/features/shell/org-switcher';
import { MemberActions } from './member-actions';
import { dateFormat, displayName } from './use-people';
import type { PeopleData } from './use-people';

/** What the signed-in person may do to one member, by the matrix and the rank rules only. */
export function memberRights(summary: OrgSummary, data: PeopleData, member: Member) {
  const actor = membershipOf(summary);
  const role = data.rolesById.get(member.roleId);
  const outranks =
    role !== undefined && role.key !== 'owner' && mayChangeMember(actor, { id: member.id, role: grantOf(role) });
  const assignable = assignableRoles(actor, grantedRoles(data.roles));
  return {
    self: member.id === summary.memberId,
    changeRole: outranks && can(actor, 'members.update') && assignable.length > 0,
    assignable,
    changeStatus: outranks && can(actor, 'members.update'),
    remove: outranks && can(actor, 'members.remove'),
    transfer:
      can(actor, 'org.transfer_ownership') &&
      member.id !== summary.memberId &&
      member.status === 'active' &&
      member.kind === 'member',
  };
}

export function MembersTable({
  summary,
  data,
  members,
  onOpen,
}: {
  summary: OrgSummary;
  data: PeopleData;
  members: Member[];
  onOpen(memberId: string): void;
}) {
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={820}>
        <Table verticalSpacing="sm" highlightOnHover aria-label="Members">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Member</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th style={{ whiteSpace: 'nowrap' }}>Last login</Table.Th>
              <Table.Th>Joined</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.map((m) => (
              <MemberRow key={m.id} summary={summary} data={data} member={m} onOpen={() => onOpen(m.id)} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

function MemberRow({
  summary,
  data,
  member,
  onOpen,
}: {
  summary: OrgSummary;
  data: PeopleData;
  member: Member;
  onOpen(): void;
}) {
  const rights = memberRights(summary, data, member);
  const role = data.rolesById.get(member.roleId);
  const name = displayName(member);
  const changeRole = async (roleId: string | null) => {
    if (!roleId || roleId === member.roleId) return;
    try {
      await mutate(summary.org.id, 'member.update', { memberId: member.id, patch: { roleId } });
      notifications.show({
        color: 'teal',
        title: 'Role changed',
        message: `${name} is now ${data.rolesById.get(roleId)?.name ?? 'in a new role'}.`,
      });
    } catch (error) {
      notifications.show({ color: 'red', title: 'Role not changed', message: errorMessage(error) });
    }
  };
  const roleOptions =
    rights.assignable.some((r) => r.id === member.roleId) || !role ? rights.assignable : [role, ...rights.assignable];

  return (
    <Table.Tr data-member={member.email} opacity={member.status === 'deactivated' ? 0.7 : 1}>
      <Table.Td>
        <Group gap="sm" wrap="nowrap">
          <Avatar size={32} radius="xl" color="indigo">
            {initials(name)}
          </Avatar>
          <div>
            <Group gap={6} wrap="nowrap">
              <Anchor
                component="button"
                type="button"
                size="sm"
                fw={500}
                onClick={onOpen}
                c="var(--mantine-color-text)"
                style={{ whiteSpace: 'nowrap' }}
              >
                {name}
              </Anchor>
              {rights.self ? (
                <Badge size="xs" variant="light" color="gray" style={{ flexShrink: 0, minWidth: 'max-content' }}>
                  You
                </Badge>
              ) : null}
            </Group>
            <Text size="xs" c="dimmed">
              {member.email}
            </Text>
          </div>
        </Group>
      </Table.Td>
      <Table.Td>
        {rights.changeRole ? (
          <Select
            size="xs"
            w={150}
            aria-label={`Role of ${name}`}
            data={roleOptions.map((r) => ({
              value: r.id,
              label: r.name,
              disabled: !rights.assignable.some((a) => a.id === r.id),
            }))}
            value={member.roleId}
            onChange={(v) => void changeRole(v)}
            allowDeselect={false}
          />
        ) : (
          <Text size="sm">{role?.name ?? 'Unknown role'}</Text>
        )}
      </Table.Td>
      <Table.Td>
        <Badge variant="light" color={member.status === 'active' ? 'teal' : 'gray'} style={{ minWidth: 'max-content' }}>
          {member.status === 'active' ? 'Active' : 'Deactivated'}
        </Badge>
      </Table.Td>
      <Table.Td>
        {member.kind === 'external_collaborator' ? (
          <Badge size="sm" variant="outline" color="gray">
            External
          </Badge>
        ) : (
          <Text size="sm">Member</Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }} c={member.lastLoginAt ? undefined : 'dimmed'}>
          {member.lastLoginAt ? dateFormat.format(new Date(member.lastLoginAt)) : 'Never'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {dateFormat.format(new Date(member.joinedAt))}
        </Text>
      </Table.Td>
      <Table.Td>
        <MemberActions summary={summary} member={member} rights={rights} transfer={data.transfer} onOpen={onOpen} />
      </Table.Td>
    </Table.Tr>
  );
}
