import { Alert, Badge, Button, Group, Paper, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCreditCard, IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { ruleDescription } from '@shared/alert-crossing';
import type { OrgSummary } from '@shared/ipc';
import type { UsageSummary } from '@shared/ipc-usage';
import { planOf } from '@shared/plans';
import type { CreditAccount } from '@shared/schemas/usage';
import { dayOf } from '@shared/usage-calendar';
import { canIn } from '@renderer/lib/membership';
import { useNow } from '@renderer/lib/use-now';
import { BalanceFigure, remainingPercent } from './balance-figure';
import { creditsText, dayText, forecastOf, overdraftText, periodText } from './usage-format';
import type { Forecast } from './usage-format';

const instant = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const toneColors = { ok: 'teal', warning: 'yellow', empty: 'red' } as const satisfies Record<Forecast['tone'], string>;

/** The balance, what the period grants, what was consumed, the burn rate and when it runs out. */
export function BalanceHeader({ summary, usage }: { summary: OrgSummary; usage: UsageSummary }) {
  const { account } = usage;
  const now = useNow();
  if (!account) {
    return (
      <Alert color="gray" variant="light" title="No credit figures on this device yet">
        The organization&apos;s credit account arrives with the next sync. This page fills in as soon as it does.
      </Alert>
    );
  }
  const forecast = forecastOf(account, usage.projectedEmptyOn, dayOf(new Date(now)));
  const runs = usage.periodDays.reduce((sum, d) => sum + d.runs, 0);
  return (
    <Stack gap="md">
      <LowBalanceAlert summary={summary} usage={usage} />
      <Paper withBorder p="lg">
        <Stack gap="md">
          <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
            <Balance account={account} />
            <BillingActions summary={summary} account={account} />
          </Group>
          <Progress
            value={remainingPercent(account)}
            color={toneColors[forecast.tone]}
            size="md"
            aria-label="Credits left of this period's credits"
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="lg">
            <Figure
              label="Consumed this period"
              value={creditsText(account.consumedThisPeriod)}
              detail={`${runs.toLocaleString('en-US')} ${runs === 1 ? 'run' : 'runs'}`}
              testId="usage-consumed"
            />
            <Figure
              label="Burn rate"
              value={`${creditsText(Math.round(usage.burnPerDay * 100) / 100)} a day`}
              detail={`Average since ${dayText(dayOf(account.periodStart))}`}
              testId="usage-burn"
            />
            <Figure
              label="At this pace"
              value={forecast.text}
              detail={overdraftText(account)}
              color={forecast.tone === 'ok' ? undefined : toneColors[forecast.tone]}
              testId="usage-forecast"
            />
          </SimpleGrid>
        </Stack>
      </Paper>
    </Stack>
  );
}

function Balance({ account }: { account: CreditAccount }) {
  return (
    <div>
      <BalanceFigure account={account} testId="usage-balance" />
      <Text
        size="sm"
        c="dimmed"
        data-testid="usage-allowance"
        title={`From ${instant.format(new Date(account.periodStart))} until ${instant.format(new Date(account.periodEnd))}`}
      >
        {creditsText(account.allowance)} for {periodText(account)}
        {account.toppedUpThisPeriod > 0 ? ` · ${creditsText(account.toppedUpThisPeriod)} topped up` : ''}
      </Text>
    </div>
  );
}

/** The plan and the way to more credits, for members who may see or manage billing. */
function BillingActions({ summary, account }: { summary: OrgSummary; account: CreditAccount }) {
  const mayRead = canIn(summary, 'billing.read') || canIn(summary, 'billing.manage');
  const mayManage = canIn(summary, 'billing.manage');
  const billing = `/orgs/${summary.org.id}/billing`;
  return (
    <Group gap="sm">
      <Badge variant="light" size="lg" tt="none">
        {planOf(account.plan).name} plan
      </Badge>
      {mayRead ? (
        <Button component={Link} to={billing} variant="default" leftSection={<IconCreditCard size={16} />}>
          Plans and billing
        </Button>
      ) : null}
      {mayManage ? (
        <Button component={Link} to={billing} leftSection={<IconPlus size={16} />}>
          Add credits
        </Button>
      ) : null}
    </Group>
  );
}

function Figure({
  label,
  value,
  detail,
  color,
  testId,
}: {
  label: string;
  value: string;
  detail: string;
  color?: string | undefined;
  testId: string;
}) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fw={600} fz="lg" mt={2} c={color} data-testid={testId}>
        {value}
      </Text>
      <Text size="sm" c="dimmed">
        {detail}
      </Text>
    </div>
  );
}

/** Shown while an enabled rule is crossed: what it means and what to do about it. */
function LowBalanceAlert({ summary, usage }: { summary: OrgSummary; usage: UsageSummary }) {
  const { lowRule, account } = usage;
  if (!lowRule || !account) return null;
  const empty = account.balance <= 0;
  return (
    <Alert
      color={empty ? 'red' : 'yellow'}
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title={empty ? 'Credits are used up' : 'Credits are running low'}
      data-testid="usage-low-alert"
    >
      <Text size="sm">
        {summary.org.name} has {creditsText(account.balance)} left, {ruleDescription(lowRule)}.{' '}
        {canIn(summary, 'billing.manage')
          ? 'Add credits or move to a larger plan before bots stop.'
          : 'Ask someone who manages billing to add credits before bots stop.'}
        {usage.muted ? ' Alerts from this organization are muted on this device.' : ''}
      </Text>
    </Alert>
  );
}
