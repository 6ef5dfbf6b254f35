import { Button, Group, Paper, Skeleton, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { formatCredits as formatNumber } from '@shared/alert-crossing';
import type { CreditAccount } from '@shared/schemas/usage';
import { creditsText, overdraftText, periodText } from '@renderer/features/usage/usage-format';

/** This period's credits: the balance and what made it; those with billing.manage add credits here. */
export function CreditsCard({
  account,
  loading,
  mayManage,
  disabledReason,
  onAdd,
}: {
  account: CreditAccount | null;
  /** The local copy is still being read. */
  loading: boolean;
  mayManage: boolean;
  /** Why adding credits is not possible right now (offline), or null. */
  disabledReason: string | null;
  onAdd(): void;
}) {
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="credits-card-title">
      <Group justify="space-between" mb="sm" align="flex-start">
        <Title order={2} fz="h4" id="credits-card-title">
          Credits
        </Title>
        {mayManage ? (
          <Tooltip label={disabledReason} disabled={disabledReason === null}>
            <Button
              leftSection={<IconPlus size={16} />}
              data-disabled={disabledReason ? true : undefined}
              aria-disabled={disabledReason !== null}
              onClick={(e) => {
                if (disabledReason) e.preventDefault();
                else onAdd();
              }}
            >
              Add credits
            </Button>
          </Tooltip>
        ) : null}
      </Group>
      {account ? (
        <Stack gap="xs">
          <Group gap={8} align="baseline">
            <Text fz={32} fw={700} lh={1.1} data-testid="billing-balance">
              {formatNumber(account.balance).replace('-', '−')}
            </Text>
            <Text c="dimmed">credits left</Text>
          </Group>
          <Text size="sm">
            Period {periodText(account)}: {creditsText(account.allowance)} granted
            {account.toppedUpThisPeriod > 0 ? `, ${creditsText(account.toppedUpThisPeriod)} added` : ''},{' '}
            {creditsText(account.consumedThisPeriod)} consumed.
          </Text>
          <Text size="sm" c="dimmed">
            {overdraftText(account)} Top-ups are recorded in the ledger; invoicing arrives with billing.
          </Text>
        </Stack>
      ) : loading ? (
        <Skeleton h={96} aria-label="Loading credits" />
      ) : (
        <Text size="sm" c="dimmed">
          The balance shows once this organization’s credit account has reached this device.
        </Text>
      )}
    </Paper>
  );
}
