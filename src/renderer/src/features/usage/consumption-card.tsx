import {
  Button,
  Center,
  EmptyState,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconChartBar, IconDownload } from '@tabler/icons-react';
import { lazy, Suspense, useState } from 'react';
import type { OrgSummary } from '@shared/ipc';
import type { UsageBreakdown, UsageGranularity } from '@shared/ipc-usage';
import type { CreditAccount } from '@shared/schemas/usage';
import { dayOf } from '@shared/usage-calendar';
import { ErrorAlert } from '@renderer/components/error-alert';
import { invoke } from '@renderer/lib/api';
import { useCsvExport } from '@renderer/lib/use-csv-export';
import { useNow } from '@renderer/lib/use-now';
import { ConsumptionTables } from './consumption-tables';
import { creditsText, defaultRange, rangeLabels, rangeOf, rangeText } from './usage-format';
import type { DayRange, RangeKey } from './usage-format';
import { useUsageBreakdown } from './use-usage';

// Charts (recharts) load with the first chart shown, not with the app.
const UsageChart = lazy(() => import('./usage-chart').then((m) => ({ default: m.UsageChart })));

const granularities = [
  { value: 'day', label: 'Day' },
  { value: 'week', label: 'Week' },
  { value: 'month', label: 'Month' },
] satisfies { value: UsageGranularity; label: string }[];

const rangeKeys = Object.keys(rangeLabels) as RangeKey[];

/** Consumption over time (day, week, month) for a range, as a chart and by bot and trigger; CSV export. */
export function ConsumptionCard({ summary, account }: { summary: OrgSummary; account: CreditAccount | null }) {
  const orgId = summary.org.id;
  const [granularity, setGranularity] = useState<UsageGranularity>('day');
  const [rangeKey, setRangeKey] = useState<RangeKey>(defaultRange.day);
  const today = dayOf(new Date(useNow()));
  const range = rangeOf(rangeKey, today, account);
  const breakdown = useUsageBreakdown(orgId, granularity, range);
  const { exporting, exportCsv } = useCsvExport({
    name: 'usage',
    orgSlug: summary.org.slug,
    what: 'Usage',
    unit: 'row',
  });
  const data = breakdown.data;
  const nothing = data !== null && data.totals.credits === 0 && data.totals.runs === 0;

  const chooseGranularity = (value: string) => {
    const next = value as UsageGranularity;
    setGranularity(next);
    setRangeKey(defaultRange[next]);
  };

  return (
    <Paper withBorder p="lg">
      <Stack gap="md">
        <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
          <div>
            <Title order={2} fz="h4">
              Consumption
            </Title>
            <Totals data={data} range={range} />
          </div>
          <Group gap="sm" wrap="wrap">
            <SegmentedControl
              aria-label="Group by"
              value={granularity}
              onChange={chooseGranularity}
              data={granularities}
            />
            <Select
              aria-label="Range"
              value={rangeKey}
              onChange={(v) => v && setRangeKey(v as RangeKey)}
              data={rangeKeys.map((k) => ({ value: k, label: rangeLabels[k], disabled: k === 'period' && !account }))}
              allowDeselect={false}
              w={170}
            />
            <Button
              variant="default"
              leftSection={<IconDownload size={16} />}
              loading={exporting}
              disabled={data === null || nothing}
              onClick={() => void exportCsv(() => invoke('usage.exportCsv', { orgId, granularity, ...range }))}
            >
              Export CSV
            </Button>
          </Group>
        </Group>
        {breakdown.status === 'error' ? (
          <ErrorAlert title="Could not read the consumption" message={breakdown.error} />
        ) : null}
        {data === null && breakdown.status === 'loading' ? (
          <Center h={260}>
            <Loader aria-label="Loading consumption" />
          </Center>
        ) : null}
        {nothing ? (
          <EmptyState
            icon={<IconChartBar size={28} />}
            title="Nothing consumed in this range"
            description="Bots with pricing consume credits as their runs finish. Choose a longer range to look further back."
            data-testid="usage-empty"
          />
        ) : null}
        {data && !nothing ? (
          <>
            <Suspense fallback={<Skeleton h={260} aria-label="Loading the chart" />}>
              <UsageChart buckets={data.buckets} granularity={granularity} />
            </Suspense>
            <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
              <ConsumptionTables breakdown={data} />
            </SimpleGrid>
          </>
        ) : null}
      </Stack>
    </Paper>
  );
}

function Totals({ data, range }: { data: UsageBreakdown | null; range: DayRange }) {
  const runs = data?.totals.runs ?? 0;
  return (
    <Text size="sm" c="dimmed" data-testid="usage-range-totals" aria-live="polite">
      {data
        ? `${creditsText(data.totals.credits)} in ${runs.toLocaleString('en-US')} ${runs === 1 ? 'run' : 'runs'} · `
        : ''}
      {rangeText(range)}
    </Text>
  );
}
