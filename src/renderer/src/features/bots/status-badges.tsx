import { Badge, Tooltip } from '@mantine/core';
import {
  IconAlertTriangle,
  IconBan,
  IconCircleCheck,
  IconCircleX,
  IconClockHour4,
  IconPlayerPlay,
  IconPlugConnectedX,
} from '@tabler/icons-react';
import type { BotStatus, RunStatus } from '@shared/schemas/automation';
import { botStatusMeta, runStatusMeta } from './format';

const botIcons = {
  idle: IconCircleCheck,
  queued: IconClockHour4,
  running: IconPlayerPlay,
  offline: IconPlugConnectedX,
  error: IconAlertTriangle,
  disabled: IconBan,
} as const;

/** A bot's live status: color, icon and the word, with what it means on hover or focus. */
export function BotStatusBadge({ status }: { status: BotStatus }) {
  const meta = botStatusMeta[status];
  const Icon = botIcons[status];
  return (
    <Tooltip label={meta.hint}>
      <Badge
        color={meta.color}
        variant={status === 'running' ? 'filled' : 'light'}
        leftSection={<Icon size={12} aria-hidden />}
        data-status={status}
      >
        {meta.label}
      </Badge>
    </Tooltip>
  );
}

const runIcons = {
  queued: IconClockHour4,
  running: IconPlayerPlay,
  succeeded: IconCircleCheck,
  failed: IconCircleX,
  cancelled: IconBan,
} as const;

export function RunStatusBadge({ status, size = 'sm' }: { status: RunStatus; size?: 'xs' | 'sm' }) {
  const meta = runStatusMeta[status];
  const Icon = runIcons[status];
  return (
    <Badge color={meta.color} variant="light" size={size} leftSection={<Icon size={11} aria-hidden />}>
      {meta.label}
    </Badge>
  );
}
