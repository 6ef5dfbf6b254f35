import { Paper, Text } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import type { TooltipContentProps } from 'recharts';
import { formatCredits } from '@shared/alert-crossing';
import type { UsageBreakdown, UsageGranularity } from '@shared/ipc-usage';
import { bucketLabel } from '@shared/usage-calendar';
import { creditsText } from './usage-format';

type Bar = { label: string; credits: number; runs: number };

/** Credits per bucket of the range; hovering (or arrowing through) a bar tells its credits and runs. */
export function UsageChart({
  buckets,
  granularity,
}: {
  buckets: UsageBreakdown['buckets'];
  granularity: UsageGranularity;
}) {
  const data: Bar[] = buckets.map((b) => ({
    label: bucketLabel(b.start, granularity),
    credits: Number(b.credits.toFixed(2)),
    runs: b.runs,
  }));
  return (
    <BarChart
      h={260}
      data={data}
      dataKey="label"
      series={[{ name: 'credits', label: 'Credits', color: 'indigo.6' }]}
      valueFormatter={formatCredits}
      tickLine="y"
      gridAxis="y"
      maxBarWidth={48}
      minBarSize={0}
      tooltipAnimationDuration={0}
      tooltipProps={{ content: (props: TooltipContentProps) => <BarTooltip {...props} /> }}
      data-testid="usage-chart"
    />
  );
}

function BarTooltip({ active, payload }: TooltipContentProps) {
  const bar = payload[0]?.payload as Bar | undefined;
  if (!active || !bar) return null;
  return (
    <Paper withBorder shadow="md" p="xs" miw={140}>
      <Text size="sm" fw={600}>
        {bar.label}
      </Text>
      <Text size="sm">{creditsText(bar.credits)}</Text>
      <Text size="sm" c="dimmed">
        {bar.runs.toLocaleString('en-US')} {bar.runs === 1 ? 'run' : 'runs'}
      </Text>
    </Paper>
  );
}
