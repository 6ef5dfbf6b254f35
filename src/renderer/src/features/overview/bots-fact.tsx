import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { OrgSummary } from '@shared/ipc';
import { invoke } from '@renderer/lib/api';
import { canIn } from '@renderer/lib/membership';
import { useAsync } from '@renderer/lib/use-async';
import { useAppStore } from '@renderer/store';
import { Fact } from './fact';
import { usedOfLimit } from './limit-words';

/**
 * How many bots the org has of the plan's limit (`limit` undefined while unknown, null unlimited),
 * and how many are enabled, running and offline (from the local copy).
 */
export function BotsFact({ summary, limit }: { summary: OrgSummary; limit: number | null | undefined }) {
  const orgId = summary.org.id;
  const mayRead = canIn(summary, 'bots.read');
  const version = useAppStore((s) => s.dataVersion[orgId] ?? 0);
  const bots = useAsync(
    async () => (mayRead ? invoke('bots.list', { orgId }) : null),
    `${orgId}:${version}:${mayRead}`,
  );
  const list = bots.data ?? [];
  const count = (test: (b: (typeof list)[number]) => boolean) => list.filter(test).length;
  const value = !mayRead
    ? '—'
    : bots.status === 'error'
      ? 'Unavailable'
      : bots.data === undefined || bots.data === null
        ? '…'
        : limit === undefined
          ? String(list.length)
          : usedOfLimit({ used: list.length, limit });
  return (
    <Fact label="Bots" value={value}>
      {mayRead && list.length > 0 ? (
        <Text size="sm" c="dimmed" data-testid="overview-bots">
          {count((b) => b.bot.enabled)} enabled · {count((b) => b.bot.status === 'running')} running ·{' '}
          {count((b) => b.bot.status === 'offline')} offline
        </Text>
      ) : mayRead ? (
        <Anchor component={Link} to={`/orgs/${orgId}/bots`} size="sm">
          Create a bot
        </Anchor>
      ) : null}
    </Fact>
  );
}
