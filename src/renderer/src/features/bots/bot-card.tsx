import { ActionIcon, Anchor, Card, Group, Menu, Progress, Stack, Text } from '@mantine/core';
import { IconDots, IconExternalLink, IconPencil, IconTrash } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { OrgSummary } from '@shared/ipc';
import type { BotWithFigures } from '@shared/ipc-bots';
import type { Bot } from '@shared/schemas/automation';
import { canIn } from '@renderer/lib/membership';
import { relativeTime } from '@renderer/lib/relative-time';
import { BotEnabledSwitch, RunNowButton } from './bot-actions';
import { dateTimeFormat, formatRate } from './format';
import { BotStatusBadge, RunStatusBadge } from './status-badges';
import { useRunProgress } from './use-bots';

/** One bot on the Bots page: live status, last run, today's runs, toggle and run now. */
export function BotCard({
  summary,
  item,
  now,
  onEdit,
  onDelete,
}: {
  summary: OrgSummary;
  item: BotWithFigures;
  now: number;
  onEdit(bot: Bot): void;
  onDelete(bot: Bot): void;
}) {
  const { bot, figures } = item;
  const mayManage = canIn(summary, 'bots.manage');
  return (
    <Card withBorder padding="md" data-bot={bot.name} component="article" aria-label={bot.name}>
      <Stack gap="sm" h="100%">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Anchor component={Link} to={`/orgs/${summary.org.id}/bots/${bot.id}`} fw={600} lineClamp={1}>
            {bot.name}
          </Anchor>
          <BotStatusBadge status={bot.status} />
        </Group>
        <Text size="sm" c="dimmed" lineClamp={2} mih={40}>
          {bot.description || 'No description.'}
        </Text>
        <LiveProgress bot={bot} />
        <Group gap="lg" wrap="wrap">
          <Fact label="Last run">
            {bot.lastRunStatus && bot.lastRunAt ? (
              <Group gap={6} wrap="nowrap">
                <RunStatusBadge status={bot.lastRunStatus} size="xs" />
                <Text size="sm" title={dateTimeFormat.format(new Date(bot.lastRunAt))}>
                  {relativeTime(bot.lastRunAt, now)}
                </Text>
              </Group>
            ) : (
              <Text size="sm">Never</Text>
            )}
          </Fact>
          <Fact label="Runs today">
            <Text size="sm">{figures.runsToday}</Text>
          </Fact>
          <Fact label="Success, 30 days">
            <Text size="sm">{formatRate(figures.successRate30d)}</Text>
          </Fact>
        </Group>
        <Group justify="space-between" mt="auto">
          <BotEnabledSwitch summary={summary} bot={bot} />
          <Group gap="xs">
            <RunNowButton summary={summary} bot={bot} />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${bot.name}`}>
                  <IconDots size={16} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item
                  component={Link}
                  to={`/orgs/${summary.org.id}/bots/${bot.id}`}
                  leftSection={<IconExternalLink size={14} />}
                >
                  Open details
                </Menu.Item>
                {mayManage ? (
                  <>
                    <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => onEdit(bot)}>
                      Edit…
                    </Menu.Item>
                    <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => onDelete(bot)}>
                      Delete…
                    </Menu.Item>
                  </>
                ) : null}
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </Stack>
    </Card>
  );
}

/** The running run's progress from live signals: a bar with the step, announced politely. */
export function LiveProgress({ bot }: { bot: Bot }) {
  const progress = useRunProgress(bot.id, bot.status === 'running');
  if (bot.status !== 'running') return null;
  const value = progress?.progress ?? 0;
  const label = progress
    ? `${Math.round(value)}%${progress.step ? ` · ${progress.step}` : ''}`
    : 'Started, waiting for progress…';
  return (
    <Stack gap={4}>
      <Progress value={value} animated aria-label={`${bot.name} progress`} />
      <Text size="xs" c="dimmed" aria-live="polite">
        {label}
      </Text>
    </Stack>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      {children}
    </div>
  );
}
