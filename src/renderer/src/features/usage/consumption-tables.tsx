import { Group, Paper, Progress, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatCredits } from '@shared/alert-crossing';
import type { UsageBreakdown } from '@shared/ipc-usage';
import { shareText } from './usage-format';

type Row = { key: string; name: ReactNode; credits: number; runs: number };

/** What consumed the range: one table by bot, one by trigger, with each row's share of the total. */
export function ConsumptionTables({ breakdown }: { breakdown: UsageBreakdown }) {
  const total = breakdown.totals.credits;
  const byBot: Row[] = breakdown.byBot.map((b) => ({
    key: b.botId,
    name: b.botName,
    credits: b.credits,
    runs: b.runs,
  }));
  const byTrigger: Row[] = breakdown.byTrigger.map((t) => ({
    key: `${t.triggerId ?? 'manual'}:${t.botName}`,
    name: (
      <>
        <Text size="sm" fw={500} span>
          {t.label}
        </Text>
        <Text size="xs" c="dimmed">
          {t.botName}
        </Text>
      </>
    ),
    credits: t.credits,
    runs: t.runs,
  }));
  return (
    <>
      <ShareTable title="By bot" label="Consumption by bot" first="Bot" rows={byBot} total={total} />
      <ShareTable title="By trigger" label="Consumption by trigger" first="Trigger" rows={byTrigger} total={total} />
    </>
  );
}

function ShareTable({
  title,
  label,
  first,
  rows,
  total,
}: {
  title: string;
  label: string;
  first: string;
  rows: Row[];
  total: number;
}) {
  return (
    <Paper withBorder p="md">
      <Title order={3} fz="h5" mb="xs">
        {title}
      </Title>
      <Table.ScrollContainer minWidth={380}>
        <Table verticalSpacing={6} aria-label={label}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{first}</Table.Th>
              <Table.Th ta="right">Runs</Table.Th>
              <Table.Th ta="right">Credits</Table.Th>
              <Table.Th w={140}>Share</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.key}>
                <Table.Td>{typeof r.name === 'string' ? <Text size="sm">{r.name}</Text> : r.name}</Table.Td>
                <Table.Td ta="right">{r.runs.toLocaleString('en-US')}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {formatCredits(r.credits)}
                </Table.Td>
                <Table.Td>
                  <Group gap={8} wrap="nowrap">
                    <Progress value={total > 0 ? (r.credits / total) * 100 : 0} size="sm" flex={1} aria-hidden />
                    <Text size="xs" w={34} ta="right">
                      {shareText(r.credits, total)}
                    </Text>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
