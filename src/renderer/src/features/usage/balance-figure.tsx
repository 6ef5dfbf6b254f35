import { Group, Text } from '@mantine/core';
import { formatCredits } from '@shared/alert-crossing';
import type { CreditAccount } from '@shared/schemas/usage';

/** The balance as a big number (red once used up), as the Overview and the Usage page show it. */
export function BalanceFigure({ account, testId }: { account: CreditAccount; testId: string }) {
  return (
    <>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        Balance
      </Text>
      <Group gap={8} align="baseline">
        <Text fz={40} fw={700} lh={1.1} data-testid={testId} c={account.balance <= 0 ? 'red' : undefined}>
          {formatCredits(account.balance).replace('-', '−')}
        </Text>
        <Text c="dimmed">credits</Text>
      </Group>
    </>
  );
}

/** Left of everything this period brought (its grant and top-ups), from 0 to 100. */
export function remainingPercent(account: CreditAccount): number {
  const granted = account.allowance + account.toppedUpThisPeriod;
  if (granted <= 0) return 0;
  return Math.min(100, Math.max(0, (account.balance / granted) * 100));
}
