import { Center, Loader, Stack, Text, Title } from '@mantine/core';
import { ErrorAlert } from '@renderer/components/error-alert';
import { useOrg } from '@renderer/features/shell/org-gate';
import { AlertRulesCard } from './alert-rules-card';
import { BalanceHeader } from './balance-header';
import { ConsumptionCard } from './consumption-card';
import { RecentAlerts } from './recent-alerts';
import { useUsageSummary } from './use-usage';

/** Platform Usage: the balance and its forecast, consumption over time, alert rules and recent alerts. */
export function UsagePage() {
  const summary = useOrg();
  const usage = useUsageSummary(summary.org.id);
  const data = usage.data;

  return (
    <Stack gap="lg" maw={1180}>
      <div>
        <Title order={1} fz="h2">
          Platform Usage
        </Title>
        <Text c="dimmed">
          The credits of {summary.org.name}: what is left, what consumed it, and who hears before bots stop.
        </Text>
      </div>
      {usage.status === 'error' ? <ErrorAlert title="Could not read the credit balance" message={usage.error} /> : null}
      {data === null && usage.status === 'loading' ? (
        <Center h={180}>
          <Loader aria-label="Loading usage" />
        </Center>
      ) : null}
      {data ? <BalanceHeader summary={summary} usage={data} /> : null}
      <ConsumptionCard summary={summary} account={data?.account ?? null} />
      <AlertRulesCard summary={summary} usage={data} onMutedChange={usage.reload} />
      <RecentAlerts orgId={summary.org.id} />
    </Stack>
  );
}
