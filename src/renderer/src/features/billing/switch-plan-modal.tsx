import { List, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { OrgSummary } from '@shared/ipc';
import type { Plan } from '@shared/plans';
import type { CreditAccount } from '@shared/schemas/usage';
import { dayOf } from '@shared/usage-calendar';
import { ConfirmModal } from '@renderer/components/confirm-modal';
import { creditsText, dayText } from '@renderer/features/usage/usage-format';
import { mutate } from '@renderer/lib/api';
import { overdraftInWords } from './plan-words';

export type PlanChange = { from: Plan; to: Plan };

/** Asks before moving the org to another plan, saying what changes; the server refuses what does not fit. */
export function SwitchPlanModal({
  summary,
  change,
  opened,
  account,
  offlineReason,
  onClose,
}: {
  summary: OrgSummary;
  change: PlanChange | null;
  opened: boolean;
  account: CreditAccount | null;
  offlineReason: string | null;
  onClose(): void;
}) {
  const target = change?.to ?? null;
  const upgrade = change !== null && change.to.monthlyCredits > change.from.monthlyCredits;
  return (
    <ConfirmModal
      opened={opened && target !== null}
      onClose={onClose}
      title={`Switch to ${target?.name ?? 'another plan'}?`}
      confirmLabel={`Switch to ${target?.name ?? 'plan'}`}
      color={upgrade ? 'indigo' : 'orange'}
      disabledReason={offlineReason}
      onConfirm={async () => {
        if (!target) return;
        await mutate(summary.org.id, 'plan.change', { plan: target.key });
        notifications.show({
          color: 'teal',
          title: 'Plan changed',
          message: `${summary.org.name} is now on the ${target.name} plan.`,
        });
      }}
    >
      {change ? <Consequences current={change.from} target={change.to} account={account} /> : null}
    </ConfirmModal>
  );
}

function Consequences({ current, target, account }: { current: Plan; target: Plan; account: CreditAccount | null }) {
  const allowance = account?.allowance ?? current.monthlyCredits;
  const extra = target.monthlyCredits - allowance;
  return (
    <Stack gap="xs">
      <List size="sm" spacing={6}>
        <List.Item>
          {extra > 0
            ? `${target.name} includes ${creditsText(target.monthlyCredits)} a month: ${creditsText(extra)} (the difference from this period’s grant) are added now.`
            : `This period keeps its grant of ${creditsText(allowance)}; ${target.name}’s ${creditsText(
                target.monthlyCredits,
              )} a month apply from ${account ? dayText(dayOf(account.periodEnd)) : 'the next period'}.`}
        </List.Item>
        <List.Item>
          Seats and bots: {target.seats ?? 'unlimited'} seats, {target.bots ?? 'unlimited'} bots. The server refuses the
          switch if the organization uses more.
        </List.Item>
        <List.Item>
          Run history is kept {target.runRetentionDays} days (now {current.runRetentionDays}).
        </List.Item>
        <List.Item>{overdraftInWords(target)}, from now on.</List.Item>
      </List>
      <Text size="xs" c="dimmed">
        Plan changes are free for now: invoicing arrives with billing.
      </Text>
    </Stack>
  );
}
