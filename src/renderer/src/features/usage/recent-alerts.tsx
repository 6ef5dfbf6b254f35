import { Badge, Group, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconBell, IconBellOff } from '@tabler/icons-react';
import { ErrorAlert } from '@renderer/components/error-alert';
import { relativeTime } from '@renderer/lib/relative-time';
import { useNow } from '@renderer/lib/use-now';
import { recentAlertsLimit, useAlertEvents } from './use-usage';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The latest alert events: what they said, when, and whether this device showed a notification. */
export function RecentAlerts({ orgId }: { orgId: string }) {
  const events = useAlertEvents(orgId);
  const now = useNow();
  const list = events.data ?? [];
  return (
    <Paper withBorder p="lg">
      <Title order={2} fz="h4" mb="sm">
        Recent alerts
      </Title>
      {events.status === 'error' ? <ErrorAlert title="Could not read the alerts" message={events.error} /> : null}
      {events.data === null && events.status === 'loading' ? (
        <Text size="sm" c="dimmed">
          Loading…
        </Text>
      ) : null}
      {events.data?.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="recent-alerts-empty">
          No alerts yet. When the balance drops below a rule&apos;s threshold, the alert shows here.
        </Text>
      ) : null}
      {list.length > 0 ? (
        <Stack gap={8} component="ul" aria-label="Recent alerts" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {list.map((e) => (
            <Group key={e.id} component="li" justify="space-between" wrap="nowrap" gap="md">
              <Text size="sm">{e.message}</Text>
              <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
                {e.notifiedAt ? (
                  <Tooltip label={`Notified here ${when.format(new Date(e.notifiedAt))}`} withArrow>
                    <Badge variant="light" color="teal" leftSection={<IconBell size={12} />} tabIndex={0}>
                      Notified here
                    </Badge>
                  </Tooltip>
                ) : (
                  <Tooltip
                    label="No notification here: muted or paused then, not sent to your desktop, or from before this device followed the organization"
                    multiline
                    w={280}
                    withArrow
                  >
                    <Badge variant="light" color="gray" leftSection={<IconBellOff size={12} />} tabIndex={0}>
                      Not notified here
                    </Badge>
                  </Tooltip>
                )}
                <Text size="xs" c="dimmed" title={when.format(new Date(e.at))} miw={90} ta="right">
                  {relativeTime(e.at, now)}
                </Text>
              </Group>
            </Group>
          ))}
        </Stack>
      ) : null}
      {list.length === recentAlertsLimit ? (
        <Text size="xs" c="dimmed" mt="sm">
          The latest {recentAlertsLimit} alerts.
        </Text>
      ) : null}
    </Paper>
  );
}
