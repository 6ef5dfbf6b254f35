import { Anchor, Badge, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { planOf } from '@shared/plans';
import { canIn } from '@renderer/lib/membership';
import { useOrg } from '@renderer/features/shell/org-gate';
import { creditsText } from '@renderer/features/usage/usage-format';
import { useUsageSummary } from '@renderer/features/usage/use-usage';
import { BotsFact } from './bots-fact';
import { CreditsPanel } from './credits-panel';
import { Fact } from './fact';
import { QuickActions } from './quick-actions';
import { RecentActivity } from './recent-activity';
import { SeatsFact } from './seats-fact';

/** What is true about this org today, from the local copy: role, plan, seats, bots, credits, activity. */
export function OverviewPage() {
  const summary = useOrg();
  const { org, role } = summary;
  const usage = useUsageSummary(org.id);

  return (
    <Stack gap="lg" maw={1080}>
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
        <Fact label="Plan" value={planOf(org.plan).name}>
          <Text size="sm" c="dimmed">
            {creditsText(planOf(org.plan).monthlyCredits)} a month
            {canIn(summary, 'billing.read') ? (
              <>
                {' · '}
                <Anchor component={Link} to={`/orgs/${org.id}/billing`} inherit>
                  Compare plans
                </Anchor>
              </>
            ) : null}
          </Text>
        </Fact>
        <SeatsFact summary={summary} seats={usage.data?.seats} />
        <BotsFact summary={summary} limit={usage.data ? usage.data.bots.limit : undefined} />
      </SimpleGrid>
      <QuickActions summary={summary} />
      {canIn(summary, 'usage.read') ? <CreditsPanel summary={summary} usage={usage} /> : null}
      <RecentActivity summary={summary} />
    </Stack>
  );
}
