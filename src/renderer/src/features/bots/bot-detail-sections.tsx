import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { BotDetail } from '@shared/ipc-bots';
import { describeTrigger } from '@shared/schedule-words';
import { relativeTime } from '@renderer/lib/relative-time';
import { fireTimeFormat, fromNow, triggerKindLabels } from '@renderer/features/triggers/trigger-format';
import { dateTimeFormat, formatCredits, formatDuration, formatPricing, formatRate } from './format';
import { RunStatusBadge } from './status-badges';

export function Section({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="h4">
          {title}
        </Title>
        {action}
      </Group>
      {children}
    </Paper>
  );
}

function Figure({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <Paper withBorder p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fz="xl" fw={600} mt={4}>
        {value}
      </Text>
      {detail ? (
        <Text size="xs" c="dimmed">
          {detail}
        </Text>
      ) : null}
    </Paper>
  );
}

/** Today's runs and the last 30 days' success rate and credits, from the runs on this device. */
export function FiguresGrid({ detail }: { detail: BotDetail }) {
  const f = detail.figures;
  const finished = f.succeeded30d + f.failed30d;
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }}>
      <Figure label="Runs today" value={String(f.runsToday)} />
      <Figure label="Runs, 30 days" value={String(f.runs30d)} />
      <Figure
        label="Success rate, 30 days"
        value={formatRate(f.successRate30d)}
        detail={finished === 0 ? 'No finished run yet' : `${f.succeeded30d} of ${finished} finished runs succeeded`}
      />
      <Figure label="Credits, 30 days" value={formatCredits(f.credits30d)} />
    </SimpleGrid>
  );
}

export function ConfigurationSection({ detail }: { detail: BotDetail }) {
  const { bot } = detail;
  return (
    <Section title="Configuration">
      <Stack gap="sm">
        <Text size="sm">{bot.description || 'No description.'}</Text>
        <Group gap="xl">
          <Labelled label="Pricing">{formatPricing(bot)}</Labelled>
          <Labelled label="Created">{dateTimeFormat.format(new Date(bot.createdAt))}</Labelled>
          <Labelled label="Updated">{dateTimeFormat.format(new Date(bot.updatedAt))}</Labelled>
        </Group>
        {bot.steps.length === 0 ? (
          <Text size="sm" c="dimmed">
            No steps: a run succeeds as soon as a runner starts it.
          </Text>
        ) : (
          <Table aria-label="Steps" verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40}>#</Table.Th>
                <Table.Th>Step</Table.Th>
                <Table.Th>Duration</Table.Th>
                <Table.Th>Outcome</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {bot.steps.map((s, i) => (
                <Table.Tr key={`${i}-${s.name}`}>
                  <Table.Td>{i + 1}</Table.Td>
                  <Table.Td>{s.name}</Table.Td>
                  <Table.Td>{formatDuration(s.durationMs)}</Table.Td>
                  <Table.Td>
                    {s.outcome === 'fail' ? (
                      <Text size="sm" c="red">
                        Fails{s.error ? `: ${s.error}` : ''}
                      </Text>
                    ) : (
                      'Succeeds'
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Section>
  );
}

function Labelled({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

export function TriggersSection({ orgId, detail, now }: { orgId: string; detail: BotDetail; now: number }) {
  return (
    <Section
      title="Triggers"
      action={
        <Anchor component={Link} to={`/orgs/${orgId}/triggers`} size="sm">
          All triggers
        </Anchor>
      }
    >
      {detail.triggers.length === 0 ? (
        <Text size="sm" c="dimmed">
          No triggers: this bot runs only when someone presses Run now or a runner starts it.
        </Text>
      ) : (
        <Table aria-label="Triggers of this bot" verticalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Fires</Table.Th>
              <Table.Th>Next fire</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {detail.triggers.map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td>{t.name}</Table.Td>
                <Table.Td>{triggerKindLabels[t.kind]}</Table.Td>
                <Table.Td>{describeTrigger(t)}</Table.Td>
                <Table.Td>
                  {!t.enabled ? (
                    <Badge color="orange" variant="light">
                      Paused
                    </Badge>
                  ) : t.nextFireAt ? (
                    <>
                      <Text size="sm">{fireTimeFormat.format(new Date(t.nextFireAt))}</Text>
                      <Text size="xs" c="dimmed">
                        {fromNow(t.nextFireAt, now)}
                      </Text>
                    </>
                  ) : (
                    '—'
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Section>
  );
}

export function RunnersSection({ detail, now }: { detail: BotDetail; now: number }) {
  return (
    <Section title="Runners serving it">
      {detail.runners.length === 0 ? (
        <Text size="sm" c="dimmed">
          No runner has declared this bot. Start one with an API key that holds runs.execute.
        </Text>
      ) : (
        <Table aria-label="Runners" verticalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Runner</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Last heartbeat</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {detail.runners.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {r.runnerKey}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={r.status === 'online' ? 'teal' : 'gray'} variant="light">
                    {r.status === 'online' ? 'Online' : 'Offline'}
                  </Badge>
                </Table.Td>
                <Table.Td title={dateTimeFormat.format(new Date(r.lastHeartbeatAt))}>
                  {relativeTime(r.lastHeartbeatAt, now)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Section>
  );
}

export function RecentRunsSection({ orgId, detail }: { orgId: string; detail: BotDetail }) {
  return (
    <Section
      title="Recent runs"
      action={
        <Anchor component={Link} to={`/orgs/${orgId}/runs`} size="sm">
          Bot Run History
        </Anchor>
      }
    >
      {detail.recentRuns.length === 0 ? (
        <Text size="sm" c="dimmed">
          No runs yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table aria-label="Recent runs" verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Status</Table.Th>
                <Table.Th>Started by</Table.Th>
                <Table.Th>Queued</Table.Th>
                <Table.Th>Duration</Table.Th>
                <Table.Th>Credits</Table.Th>
                <Table.Th>Error</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {detail.recentRuns.map((run) => (
                <Table.Tr key={run.id}>
                  <Table.Td>
                    <RunStatusBadge status={run.status} />
                  </Table.Td>
                  <Table.Td>{run.startedBy}</Table.Td>
                  <Table.Td>{dateTimeFormat.format(new Date(run.queuedAt))}</Table.Td>
                  <Table.Td>{formatDuration(run.durationMs)}</Table.Td>
                  <Table.Td>{run.credits}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c={run.error ? 'red' : 'dimmed'} lineClamp={1} title={run.error ?? undefined}>
                      {run.error ?? '—'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}
