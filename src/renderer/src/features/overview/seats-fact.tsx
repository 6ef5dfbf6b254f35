import { Text } from '@mantine/core';
import type { OrgSummary } from '@shared/ipc';
import type { UsageSummary } from '@shared/ipc-usage';
import { invoke } from '@renderer/lib/api';
import { canIn } from '@renderer/lib/membership';
import { useAsync } from '@renderer/lib/use-async';
import { useAppStore } from '@renderer/store';
import { Fact } from './fact';
import { usedOfLimit } from './limit-words';

/** Seats in use of the plan's (active members and pending invitations), with the members among them. */
export function SeatsFact({ summary, seats }: { summary: OrgSummary; seats: UsageSummary['seats'] | undefined }) {
  const orgId = summary.org.id;
  const mayRead = canIn(summary, 'members.read');
  const version = useAppStore((s) => s.dataVersion[orgId] ?? 0);
  // Counted in the core: loading every member just to count them took seconds in a 100k-member org.
  const counts = useAsync(
    async () => (mayRead ? invoke('members.count', { orgId }) : null),
    `${orgId}:${version}:${mayRead}`,
  );
  const active = counts.data?.active;
  const invited = seats && active !== undefined ? Math.max(0, seats.used - active) : 0;
  return (
    <Fact label="Seats" value={seats ? usedOfLimit(seats) : '…'}>
      {mayRead && active !== undefined ? (
        <Text size="sm" c="dimmed" data-testid="overview-seats">
          {active} active {active === 1 ? 'member' : 'members'}
          {invited > 0 ? ` · ${invited} pending ${invited === 1 ? 'invitation' : 'invitations'}` : ''}
        </Text>
      ) : counts.status === 'error' ? (
        <Text size="sm" c="red">
          Members could not be counted: {counts.error}
        </Text>
      ) : null}
    </Fact>
  );
}
