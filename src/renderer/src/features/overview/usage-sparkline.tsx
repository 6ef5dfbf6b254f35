import { AreaChart } from '@mantine/charts';
import { Box, Text } from '@mantine/core';
import { useMemo } from 'react';
import { formatCredits as formatNumber } from '@shared/alert-crossing';
import type { UsageSummary } from '@shared/ipc-usage';
import { addDays, bucketLabel } from '@shared/usage-calendar';
import { creditsText } from '@renderer/features/usage/usage-format';

type Point = { label: string; credits: number | null };

/**
 * Credits consumed each day of the period: the days so far, then the rest of the period left empty,
 * so the chart also shows how much of the period is still to come.
 */
export function UsageSparkline({ days, lastDay }: { days: UsageSummary['periodDays']; lastDay: string }) {
  const data = useMemo(() => periodPoints(days, lastDay), [days, lastDay]);
  const total = days.reduce((sum, d) => sum + d.credits, 0);
  const description = `Credits consumed per day this period: ${creditsText(total)} over ${days.length} ${
    days.length === 1 ? 'day' : 'days'
  } so far`;
  return (
    <Box component="figure" m={0} aria-label={description}>
      <AreaChart
        h={140}
        data={data}
        dataKey="label"
        series={[{ name: 'credits', label: 'Credits', color: 'indigo.6' }]}
        curveType="monotone"
        withDots={days.length === 1}
        tickLine="none"
        withGradient
        valueFormatter={(value) => (typeof value === 'number' ? formatNumber(value) : '—')}
        xAxisProps={{ interval: 'preserveStartEnd', minTickGap: 24 }}
        yAxisProps={{ width: 48, allowDecimals: false, tickCount: 3 }}
      />
      <Text component="figcaption" size="xs" c="dimmed" ta="center" mt={4}>
        Credits consumed per day, this period (UTC days)
      </Text>
    </Box>
  );
}

function periodPoints(days: UsageSummary['periodDays'], lastDay: string): Point[] {
  const points: Point[] = days.map((d) => ({ label: bucketLabel(d.day, 'day'), credits: d.credits }));
  const after = days.at(-1)?.day;
  if (after === undefined) return points;
  for (let d = addDays(after, 1); d <= lastDay; d = addDays(d, 1))
    points.push({ label: bucketLabel(d, 'day'), credits: null });
  return points;
}
