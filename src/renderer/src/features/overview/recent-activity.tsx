import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { OrgSummary } from '@shared/ipc';
import { invoke } from '@renderer/lib/api';
import { canIn } from '@renderer/lib/membership';
import { relativeTime } from '@renderer/lib/relative-time';
import { useAsync } from '@renderer/lib/use-async';
import { useNow } from '@renderer/lib/use-now';
import { useAppStore } from '@renderer/store';

/** The latest administrative changes, read from the local audit log (members with audit.read). */
export function RecentActivity({ summary }: { summary: OrgSummary }) {
  const orgId = summary.org.id;
  const version = useAppStore((s) => s.dataVersion[orgId] ?? 0);
  const mayRead = canIn(summary, 'audit.read');
  const now = useNow();
  const page = useAsync(
    async () => (mayRead ? invoke('audit.list', { orgId, limit: 5 }) : null),
    `${orgId}:${version}:${mayRead}`,
  );
  if (!mayRead) return null;
  const events = page.data?.events ?? [];

  return (
    <Paper withBorder p="lg">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="h4">
          Recent activity
        </Title>
        <Anchor component={Link} to={`/orgs/${orgId}/audit`} size="sm">
          Audit log
        </Anchor>
      </Group>
      {page.status === 'error' ? (
        <Text c="red" size="sm">
          The activity could not be read: {page.error}
        </Text>
      ) : page.status === 'loading' && events.length === 0 ? (
        <Text c="dimmed" size="sm">
          Loading…
        </Text>
      ) : events.length === 0 ? (
        <Text c="dimmed" size="sm">
          No changes yet. Invitations, role changes and settings edits will show here.
        </Text>
      ) : (
        <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {events.map((e) => (
            <Group key={e.id} component="li" justify="space-between" wrap="nowrap" gap="md">
              <Text size="sm" truncate>
                <b>{e.actorName}</b> · {e.action.replace(/[._]/g, ' ')} · {e.targetLabel}
              </Text>
              <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                {relativeTime(e.at, now)}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
