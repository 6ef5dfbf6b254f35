import { Center, EmptyState, Group, Loader, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconSearch, IconUsers } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { Member } from '@shared/schemas/org';
import { ErrorAlert } from '@renderer/components/error-alert';
import { canIn } from '@renderer/lib/membership';
import { useQueryFlag } from '@renderer/lib/use-query-flag';
import { useOrg } from '@renderer/features/shell/org-gate';
import { InvitationsCard } from './invitations-card';
import { InviteButton } from './invite-modal';
import { LeaveOrgButton } from './leave-org-button';
import { MemberDrawer } from './member-drawer';
import { MembersTable } from './members-table';
import { usePeople } from './use-people';

type StatusFilter = 'all' | Member['status'];

/** Everyone in the org, from the local copy: filter, change, remove, invite, leave. */
export function PeoplePage() {
  const summary = useOrg();
  const { org } = summary;
  const data = usePeople(summary);
  const [query, setQuery] = useState('');
  const [roleId, setRoleId] = useState<string | null>(null);
  const [status, setStatus] = useState<StatusFilter>('all');
  const [openId, setOpenId] = useState<string | null>(null);
  const inviteRequested = useQueryFlag('invite');

  const members = data.data?.members;
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (members ?? []).filter(
      (m) =>
        (q === '' || `${m.name} ${m.alias ?? ''} ${m.email}`.toLowerCase().includes(q)) &&
        (roleId === null || m.roleId === roleId) &&
        (status === 'all' || m.status === status),
    );
  }, [members, query, roleId, status]);
  const open = members?.find((m) => m.id === openId) ?? null;
  const filtered = query.trim() !== '' || roleId !== null || status !== 'all';

  return (
    <Stack gap="lg" maw={1180}>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={1} fz="h2">
            People
          </Title>
          <Text c="dimmed">Everyone with access to {org.name}.</Text>
        </div>
        <Group gap="sm">
          {!org.isPersonal ? <LeaveOrgButton summary={summary} /> : null}
          {canIn(summary, 'members.invite') && data.data ? (
            <InviteButton summary={summary} roles={data.data.roles} initiallyOpened={inviteRequested} />
          ) : null}
        </Group>
      </Group>
      {data.status === 'error' ? <ErrorAlert title="Could not read the members" message={data.error} /> : null}
      {data.data === null && data.status === 'loading' ? (
        <Center h={160}>
          <Loader aria-label="Loading members" />
        </Center>
      ) : null}
      {data.data ? (
        <>
          <Group gap="sm" wrap="wrap">
            <TextInput
              leftSection={<IconSearch size={16} />}
              placeholder="Search by name or email"
              aria-label="Search members"
              value={query}
              onChange={(e) => setQuery(e.currentTarget.value)}
              w={280}
            />
            <Select
              aria-label="Filter by role"
              placeholder="All roles"
              clearable
              data={data.data.roles.map((r) => ({ value: r.id, label: r.name }))}
              value={roleId}
              onChange={setRoleId}
              w={180}
            />
            <Select
              aria-label="Filter by status"
              data={[
                { value: 'all', label: 'Any status' },
                { value: 'active', label: 'Active' },
                { value: 'deactivated', label: 'Deactivated' },
              ]}
              value={status}
              onChange={(v) => setStatus((v as StatusFilter | null) ?? 'all')}
              allowDeselect={false}
              w={160}
            />
            <Text size="sm" c="dimmed" aria-live="polite">
              {shown.length} of {data.data.members.length} {data.data.members.length === 1 ? 'member' : 'members'}
            </Text>
          </Group>
          {shown.length === 0 ? (
            <EmptyState
              icon={<IconUsers size={28} />}
              title={filtered ? 'Nobody matches these filters' : 'No members yet'}
              description={
                filtered
                  ? 'Clear the search or pick another role or status.'
                  : 'Members appear here once this organization’s copy has synced.'
              }
            />
          ) : (
            <MembersTable summary={summary} data={data.data} members={shown} onOpen={setOpenId} />
          )}
          {canIn(summary, 'members.invite') ? <InvitationsCard summary={summary} data={data.data} /> : null}
          <MemberDrawer summary={summary} data={data.data} member={open} onClose={() => setOpenId(null)} />
        </>
      ) : null}
    </Stack>
  );
}
