import { Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { OrgSummary } from '@shared/ipc';
import { invoke } from '@renderer/lib/api';
import { canIn } from '@renderer/lib/membership';
import { useAsync } from '@renderer/lib/use-async';
import { useOrg } from '@renderer/features/shell/org-gate';
import { useAppStore } from '@renderer/store';
import { BotsFact } from './bots-fact';
import { RecentActivity } from './recent-activity';

/** What is true about this org today, from the local copy; credit usage comes with the usage release. */
export function OverviewPage() {
  const summary = useOrg();
  const { org, role } = summary;

  return (
    <Stack gap="lg" maw={960}>
      <div>
        <Group gap="sm">
          <Title order={1} fz="h2">
            {org.name}
          </Title>
          {org.isPersonal ? (
            <Badge variant="light" color="gray">
              Personal workspace
            </Badge>
          ) : null}
        </Group>
        <Text c="dimmed">
          {org.description ||
            (org.isPersonal ? 'Your own space for bots and experiments.' : 'Overview of this organization.')}
        </Text>
      </div>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
        <Fact label="Your role" value={role.name} />
        <Fact label="Plan" value={org.plan.charAt(0).toUpperCase() + org.plan.slice(1)} />
        <MembersFact summary={summary} />
        <BotsFact summary={summary} />
      </SimpleGrid>
      <RecentActivity summary={summary} />
      <Paper withBorder p="lg">
        <Title order={2} fz="h4">
          Credits and usage
        </Title>
        <Text c="dimmed" mt={4}>
          The credit balance, its burn rate and the usage chart arrive with the usage release.
        </Text>
      </Paper>
    </Stack>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fz="xl" fw={600} mt={4}>
        {value}
      </Text>
    </Paper>
  );
}

function MembersFact({ summary }: { summary: OrgSummary }) {
  const orgId = summary.org.id;
  const mayRead = canIn(summary, 'members.read');
  const version = useAppStore((s) => s.dataVersion[orgId] ?? 0);
  // Counted in the core: loading every member just to count them took seconds in a 100k-member org.
  const counts = useAsync(
    async () => (mayRead ? invoke('members.count', { orgId }) : null),
    `${orgId}:${version}:${mayRead}`,
  );
  if (!mayRead) return <Fact label="Members" value="—" />;
  const active = counts.data?.active;
  return (
    <Fact
      label="Active members"
      value={counts.status === 'error' ? 'Unavailable' : active === undefined ? '…' : String(active)}
    />
  );
}
