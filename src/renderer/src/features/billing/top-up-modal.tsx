import { Button, Group, NumberInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { OrgSummary } from '@shared/ipc';
import { topUpBodySchema } from '@shared/schemas/usage';
import { ErrorAlert } from '@renderer/components/error-alert';
import { FreshModal } from '@renderer/components/fresh-modal';
import { creditsText } from '@renderer/features/usage/usage-format';
import { mutate } from '@renderer/lib/api';
import { useSubmit } from '@renderer/lib/use-submit';

/** Adds credits to the org's ledger (billing.manage, online). */
export function TopUpModal({
  summary,
  opened,
  offlineReason,
  onClose,
}: {
  summary: OrgSummary;
  opened: boolean;
  offlineReason: string | null;
  onClose(): void;
}) {
  return (
    <FreshModal opened={opened} onClose={onClose} title={`Add credits to ${summary.org.name}`}>
      <TopUpForm summary={summary} offlineReason={offlineReason} onClose={onClose} />
    </FreshModal>
  );
}

/** Null when `value` is a top-up the server accepts, else what to fix. */
function creditsProblem(value: number | string): string | null {
  if (value === '') return 'Enter how many credits to add';
  if (topUpBodySchema.safeParse({ credits: Number(value) }).success) return null;
  return 'Enter a whole number of credits from 1 to 10,000,000';
}

function TopUpForm({
  summary,
  offlineReason,
  onClose,
}: {
  summary: OrgSummary;
  offlineReason: string | null;
  onClose(): void;
}) {
  const [credits, setCredits] = useState<number | string>('');
  const [submitted, setSubmitted] = useState(false);
  const { busy, refusal, run } = useSubmit();
  const problem = creditsProblem(credits);
  // An empty field is only wrong once the person tried to submit it; a bad number is said at once.
  const shownProblem = credits === '' && !submitted ? null : problem;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (problem !== null) return;
    const amount = Number(credits);
    await run(async () => {
      await mutate(summary.org.id, 'credits.topUp', { credits: amount });
      notifications.show({
        color: 'teal',
        title: 'Credits added',
        message: `${creditsText(amount)} added to ${summary.org.name}.`,
      });
      onClose();
    });
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        <ErrorAlert message={refusal ?? offlineReason} title={refusal ? 'No credits were added' : 'Not available'} />
        <NumberInput
          label="Credits to add"
          description="A whole number from 1 to 10,000,000"
          placeholder="e.g. 5,000"
          required
          value={credits}
          onChange={setCredits}
          error={shownProblem}
          allowDecimal={false}
          allowNegative={false}
          thousandSeparator=","
          min={1}
          max={10_000_000}
          clampBehavior="none"
          hideControls
          data-autofocus
        />
        <Text size="sm" c="dimmed">
          Top-ups are recorded in the ledger; invoicing arrives with billing.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy} disabled={offlineReason !== null}>
            Add credits
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
