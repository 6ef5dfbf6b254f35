import { Alert, Button, Group, NumberInput, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { AppError } from '@shared/errors';
import type { OrgSummary } from '@shared/ipc';
import { createBotBodySchema } from '@shared/schemas/automation';
import type { Bot, BotStep } from '@shared/schemas/automation';
import { ErrorAlert, errorMessage } from '@renderer/components/error-alert';
import { FreshModal } from '@renderer/components/fresh-modal';
import { mutate } from '@renderer/lib/api';
import { fieldErrors } from '@renderer/lib/use-zod-form';
import type { FieldErrors } from '@renderer/lib/use-zod-form';
import { useAppStore } from '@renderer/store';
import { isOnline } from '@renderer/store/sync-slice';
import { newStep, StepsEditor } from './steps-editor';
import type { StepDraft } from './steps-editor';

/** Create or edit a bot (online, `bots.manage`): name, description, pricing, scripted steps. */
export function BotModal({ summary, bot, onClose }: { summary: OrgSummary; bot: Bot | 'new' | null; onClose(): void }) {
  const title = bot === 'new' ? 'Create a bot' : `Edit ${bot?.name ?? 'bot'}`;
  return (
    <FreshModal opened={bot !== null} onClose={onClose} title={title} size="xl">
      {bot !== null ? <BotForm summary={summary} bot={bot === 'new' ? null : bot} onClose={onClose} /> : null}
    </FreshModal>
  );
}

const draftsOf = (steps: readonly BotStep[]): StepDraft[] =>
  steps.map((s) => newStep({ name: s.name, seconds: s.durationMs / 1000, outcome: s.outcome, error: s.error ?? '' }));

const stepsOf = (drafts: readonly StepDraft[]): BotStep[] =>
  drafts.map((d) => ({
    name: d.name,
    durationMs: Math.round(d.seconds * 1000),
    outcome: d.outcome,
    ...(d.outcome === 'fail' && d.error.trim() ? { error: d.error.trim() } : {}),
  }));

function BotForm({ summary, bot, onClose }: { summary: OrgSummary; bot: Bot | null; onClose(): void }) {
  const online = useAppStore((s) => isOnline(s.sync, s.bridge));
  const [name, setName] = useState(bot?.name ?? '');
  const [description, setDescription] = useState(bot?.description ?? '');
  const [creditsPerRun, setCreditsPerRun] = useState<number>(bot?.creditsPerRun ?? 1);
  const [creditsPerMinute, setCreditsPerMinute] = useState<number>(bot?.creditsPerMinute ?? 0);
  const [steps, setSteps] = useState<StepDraft[]>(() =>
    bot ? draftsOf(bot.steps) : [newStep({ name: 'Open the application', seconds: 3 })],
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ limit: boolean; message: string } | null>(null);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const body = { name, description, creditsPerRun, creditsPerMinute, steps: stepsOf(steps) };
    const parsed = createBotBodySchema.safeParse(body);
    if (!parsed.success || steps.some((s) => s.name.trim() === '')) {
      const found = parsed.success ? {} : fieldErrors(parsed.error);
      if (steps.some((s) => s.name.trim() === '')) found.steps = 'Every step needs a name';
      else if (found.steps) found.steps = 'Check the steps: durations run from 0 to 3600 seconds';
      setErrors(found);
      return;
    }
    setErrors({});
    setBusy(true);
    setRefusal(null);
    try {
      if (bot) {
        await mutate(summary.org.id, 'bot.update', { botId: bot.id, patch: parsed.data });
        notifications.show({ color: 'teal', title: 'Bot saved', message: parsed.data.name });
      } else {
        const created = await mutate(summary.org.id, 'bot.create', parsed.data);
        notifications.show({ color: 'teal', title: 'Bot created', message: created.name });
      }
      onClose();
    } catch (error) {
      const limit = error instanceof AppError && error.code === 'limit_reached';
      setRefusal({ limit, message: errorMessage(error) });
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="sm">
        {refusal?.limit ? (
          <Alert
            color="yellow"
            variant="light"
            title="Bot limit reached"
            icon={<IconAlertTriangle size={18} />}
            role="alert"
          >
            {refusal.message}
          </Alert>
        ) : (
          <ErrorAlert message={refusal?.message} title="Could not save the bot" />
        )}
        <ErrorAlert
          message={online ? null : `${bot ? 'Saving' : 'Creating'} a bot needs a connection to the server.`}
          title="You are offline"
        />
        <TextInput
          label="Name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
          data-autofocus
          required
        />
        <Textarea
          label="Description"
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={errors.description}
          autosize
          minRows={2}
          maxRows={5}
        />
        <SimpleGrid cols={2}>
          <NumberInput
            label="Credits per run"
            description="Charged for every run that starts"
            min={0}
            max={1_000_000}
            decimalScale={2}
            value={creditsPerRun}
            onChange={(v) => setCreditsPerRun(typeof v === 'number' ? v : Number(v) || 0)}
            error={errors.creditsPerRun}
          />
          <NumberInput
            label="Credits per minute"
            description="Charged for the measured run time"
            min={0}
            max={1_000_000}
            decimalScale={2}
            value={creditsPerMinute}
            onChange={(v) => setCreditsPerMinute(typeof v === 'number' ? v : Number(v) || 0)}
            error={errors.creditsPerMinute}
          />
        </SimpleGrid>
        <StepsEditor steps={steps} onChange={setSteps} error={errors.steps} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy} disabled={!online}>
            {bot ? 'Save bot' : 'Create bot'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
