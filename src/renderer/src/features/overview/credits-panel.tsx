import { lazy, Suspense } from 'react';
import { Alert, Anchor, Group, Paper, Progress, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Link } from 'react-router';
import { ruleDescription } from '@shared/alert-crossing';
import type { OrgSummary } from '@shared/ipc';
import type { UsageSummary } from '@shared/ipc-usage';
import type { AlertRule, CreditAccount } from '@shared/schemas/usage';
import { dayOf } from '@shared/usage-calendar';
import { ErrorAlert } from '@renderer/components/error-alert';
import { canIn } from '@renderer/lib/membership';
import type { AsyncState } from '@renderer/lib/use-async';
import { useNow } from '@renderer/lib/use-now';
import { creditsText, dayText, forecastOf, overdraftText, periodLastDay } from '@renderer/features/usage/usage-format';
import type { Forecast } from '@renderer/features/usage/usage-format';
import { BalanceFigure, remainingPercent } from '@renderer/features/usage/balance-figure';

// Charts (recharts) load with the first chart shown, not with the app.
const UsageSparkline = lazy(() => import('./usage-sparkline').then((m) => ({ default: m.UsageSparkline })));

/** The org's credit balance, this period's consumption and burn, when it runs out, and the daily chart. */
export function CreditsPanel({ summary, usage }: { summary: OrgSummary; usage: AsyncState<UsageSummary> }) {
  const orgId = summary.org.id;
  const now = useNow();
  const account = usage.data?.account;
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="credits-title">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="h4" id="credits-title">
          Credits
        </Title>
        <Group gap="md">
          {canIn(summary, 'billing.read') ? (
            <Anchor component={Link} to={`/orgs/${orgId}/billing`} size="sm">
              Plans and top-ups
            </Anchor>
          ) : null}
          <Anchor component={Link} to={`/orgs/${orgId}/usage`} size="sm">
            Platform Usage
          </Anchor>
        </Group>
      </Group>
      {usage.status === 'error' ? <ErrorAlert title="Could not read the credits" message={usage.error} /> : null}
      {usage.data === null && usage.status === 'loading' ? <Skeleton h={220} aria-label="Loading credits" /> : null}
      {usage.data && !account ? (
        <Text c="dimmed" size="sm">
          The credit balance shows once this organization’s credit account has reached this device.
        </Text>
      ) : null}
      {usage.data && account ? (
        <Stack gap="md">
          {usage.data.lowRule ? <LowCreditsAlert orgId={orgId} rule={usage.data.lowRule} account={account} /> : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xl">
            <Balance account={account} />
            <Burn usage={usage.data} account={account} now={new Date(now)} />
          </SimpleGrid>
          <Suspense fallback={<Skeleton h={160} aria-label="Loading the chart" />}>
            <UsageSparkline days={usage.data.periodDays} lastDay={periodLastDay(account)} />
          </Suspense>
        </Stack>
      ) : null}
    </Paper>
  );
}

function Balance({ account }: { account: CreditAccount }) {
  const share = remainingPercent(account);
  return (
    <Stack gap={4}>
      <BalanceFigure account={account} testId="credit-balance" />
      <Progress
        value={share}
        color={share < 20 ? 'orange' : 'indigo'}
        aria-label={`${Math.round(share)}% of this period's credits left`}
        mt={4}
      />
      <Text size="sm" c="dimmed">
        {creditsText(account.allowance)} granted for this period
        {account.toppedUpThisPeriod > 0 ? `, plus ${creditsText(account.toppedUpThisPeriod)} topped up` : ''} · renews{' '}
        {dayText(dayOf(account.periodEnd))}
      </Text>
    </Stack>
  );
}

const forecastColors = { ok: undefined, warning: 'yellow.8', empty: 'red' } as const satisfies Record<
  Forecast['tone'],
  string | undefined
>;

function Burn({ usage, account, now }: { usage: UsageSummary; account: CreditAccount; now: Date }) {
  const forecast = forecastOf(account, usage.projectedEmptyOn, dayOf(now));
  const rows: [string, string, string | undefined][] = [
    ['Consumed this period', creditsText(account.consumedThisPeriod), undefined],
    ['Burn rate', `${creditsText(Number(usage.burnPerDay.toFixed(2)))} a day`, undefined],
    ['At this pace', forecast.text, forecastColors[forecast.tone]],
  ];
  return (
    <Stack gap="xs" component="dl" m={0}>
      {rows.map(([label, value, color]) => (
        <div key={label}>
          <Text component="dt" size="xs" c="dimmed" tt="uppercase" fw={700}>
            {label}
          </Text>
          <Text component="dd" m={0} fw={500} c={color}>
            {value}
          </Text>
        </div>
      ))}
    </Stack>
  );
}

function LowCreditsAlert({ orgId, rule, account }: { orgId: string; rule: AlertRule; account: CreditAccount }) {
  return (
    <Alert color="orange" variant="light" title="Credits are running low" icon={<IconAlertTriangle size={18} />}>
      The balance is {ruleDescription(rule)}. {overdraftText(account)}{' '}
      <Anchor component={Link} to={`/orgs/${orgId}/usage`} size="sm">
        See what consumes it on Platform Usage
      </Anchor>
    </Alert>
  );
}
