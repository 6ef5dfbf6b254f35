import { Button, Checkbox, Group, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import type { OrgSummary } from '@shared/ipc';
import { describeSchedule } from '@shared/schedule-words';
import type { Bot, Trigger, TriggerKind, TriggerWithSecret } from '@shared/schemas/automation';
import { ErrorAlert } from '@renderer/components/error-alert';
import { FreshModal } from '@renderer/components/fresh-modal';
import { mutate } from '@renderer/lib/api';
import { useSubmit } from '@renderer/lib/use-submit';
import { useAppStore } from '@renderer/store';
import { isOnline } from '@renderer/store/sync-slice';
import { browserTimeZone, timeZoneOptions, triggerKindLabels } from './trigger-format';
import { WebhookSecret } from './webhook-secret';

const presets = [
  { value: '0 9 * * 1-5', label: 'Every weekday at 09:00' },
  { value: '30 6 * * *', label: 'Every day at 06:30' },
  { value: '0 * * * *', label: 'Every hour' },
  { value: '*/15 * * * *', label: 'Every 15 minutes' },
  { value: '0 8 * * 1', label: 'Every Monday at 08:00' },
  { value: '0 7 1 * *', label: 'On the 1st of every month at 07:00' },
];

/** Create or edit a trigger (online, `triggers.manage`); a new webhook's secret is shown once here. */
export function TriggerModal({
  summary,
  trigger,
  bots,
  onClose,
}: {
  summary: OrgSummary;
  trigger: Trigger | 'new' | null;
  bots: Bot[];
  onClose(): void;
}) {
  const title = trigger === 'new' ? 'Create a trigger' : `Edit ${trigger?.name ?? 'trigger'}`;
  return (
    <FreshModal opened={trigger !== null} onClose={onClose} title={title} size="lg">
      {trigger !== null ? (
        <TriggerModalBody
          summary={summary}
          trigger={trigger === 'new' ? null : trigger}
          bots={bots}
          onClose={onClose}
        />
      ) : null}
    </FreshModal>
  );
}

/** The form, then (for a new webhook) its secret; re-keyed with each opening, so nothing lingers. */
function TriggerModalBody({
  summary,
  trigger,
  bots,
  onClose,
}: {
  summary: OrgSummary;
  trigger: Trigger | null;
  bots: Bot[];
  onClose(): void;
}) {
  const [created, setCreated] = useState<TriggerWithSecret | null>(null);
  if (created?.secret) {
    return (
      <Stack>
        <Text fw={600}>Webhook {created.trigger.name} created</Text>
        <WebhookSecret trigger={created.trigger} secret={created.secret} />
        <Group justify="flex-end">
          <Button onClick={onClose}>Done</Button>
        </Group>
      </Stack>
    );
  }
  return (
    <TriggerForm
      summary={summary}
      trigger={trigger}
      bots={bots}
      onClose={onClose}
      onCreated={(result) => (result.secret ? setCreated(result) : onClose())}
    />
  );
}

function TriggerForm({
  summary,
  trigger,
  bots,
  onClose,
  onCreated,
}: {
  summary: OrgSummary;
  trigger: Trigger | null;
  bots: Bot[];
  onClose(): void;
  onCreated(result: TriggerWithSecret): void;
}) {
  const online = useAppStore((s) => isOnline(s.sync, s.bridge));
  const [name, setName] = useState(trigger?.name ?? '');
  const [botId, setBotId] = useState<string | null>(trigger?.botId ?? bots[0]?.id ?? null);
  const [kind, setKind] = useState<TriggerKind>(trigger?.kind ?? 'schedule');
  const [cron, setCron] = useState(trigger?.cron ?? '0 9 * * 1-5');
  const [timeZone, setTimeZone] = useState(trigger?.timeZone ?? browserTimeZone());
  const [enabled, setEnabled] = useState(true);
  const [nameError, setNameError] = useState<string | null>(null);
  const { busy, refusal, run } = useSubmit();
  const zones = useMemo(() => timeZoneOptions(), []);
  const words = cron.trim() ? describeSchedule(cron, timeZone) : null;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') {
      setNameError('Enter a name');
      return;
    }
    setNameError(null);
    const schedule = kind === 'schedule' ? { cron: cron.trim(), timeZone } : {};
    await run(async () => {
      if (trigger) {
        await mutate(summary.org.id, 'trigger.update', {
          triggerId: trigger.id,
          patch: { name: name.trim(), ...schedule },
        });
        notifications.show({ color: 'teal', title: 'Trigger saved', message: name.trim() });
        onClose();
        return;
      }
      if (!botId) throw new Error('Choose the bot this trigger starts');
      const result = await mutate(summary.org.id, 'trigger.create', {
        botId,
        name: name.trim(),
        kind,
        enabled,
        ...schedule,
      });
      notifications.show({ color: 'teal', title: 'Trigger created', message: result.trigger.name });
      onCreated(result);
    });
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="sm">
        <ErrorAlert message={refusal} title="Could not save the trigger" />
        <ErrorAlert
          message={online ? null : 'Saving a trigger needs a connection to the server.'}
          title="You are offline"
        />
        <TextInput
          label="Name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={nameError}
          data-autofocus
          required
        />
        {trigger ? (
          <Text size="sm">
            {triggerKindLabels[trigger.kind]} trigger of {bots.find((b) => b.id === trigger.botId)?.name ?? 'a bot'}
          </Text>
        ) : (
          <>
            <Select
              label="Bot"
              data={bots.map((b) => ({ value: b.id, label: b.name }))}
              value={botId}
              onChange={setBotId}
              allowDeselect={false}
              searchable
              nothingFoundMessage="No bot by that name"
              error={bots.length === 0 ? 'Create a bot first' : undefined}
            />
            <div>
              <Text size="sm" fw={500} mb={4} id="trigger-kind-label">
                Kind
              </Text>
              <SegmentedControl
                aria-labelledby="trigger-kind-label"
                value={kind}
                onChange={(v) => setKind(v as TriggerKind)}
                data={(['schedule', 'webhook', 'manual'] as const).map((k) => ({
                  value: k,
                  label: triggerKindLabels[k],
                }))}
              />
            </div>
          </>
        )}
        {kind === 'schedule' ? (
          <ScheduleFields
            cron={cron}
            setCron={setCron}
            timeZone={timeZone}
            setTimeZone={setTimeZone}
            zones={zones}
            words={words}
          />
        ) : null}
        {kind === 'webhook' && !trigger ? (
          <Text size="sm" c="dimmed">
            The webhook URL and its signing secret are shown once, right after you create it.
          </Text>
        ) : null}
        {kind === 'manual' && !trigger ? (
          <Text size="sm" c="dimmed">
            A manual trigger names a way of starting the bot by hand; its runs carry the trigger&apos;s name.
          </Text>
        ) : null}
        {!trigger ? (
          <Checkbox label="Enabled" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy} disabled={!online || (!trigger && bots.length === 0)}>
            {trigger ? 'Save trigger' : 'Create trigger'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ScheduleFields({
  cron,
  setCron,
  timeZone,
  setTimeZone,
  zones,
  words,
}: {
  cron: string;
  setCron(v: string): void;
  timeZone: string;
  setTimeZone(v: string): void;
  zones: string[];
  words: string | null;
}) {
  return (
    <Stack gap="xs">
      <Select
        label="Common schedules"
        placeholder="Pick one to fill the cron"
        data={presets}
        value={presets.some((p) => p.value === cron) ? cron : null}
        onChange={(v) => v && setCron(v)}
        clearable={false}
      />
      <TextInput
        label="Cron"
        description="Five fields: minute hour day-of-month month day-of-week"
        value={cron}
        onChange={(e) => setCron(e.currentTarget.value)}
        ff="monospace"
      />
      <Select
        label="Time zone"
        data={zones}
        value={timeZone}
        onChange={(v) => v && setTimeZone(v)}
        searchable
        allowDeselect={false}
        nothingFoundMessage="No time zone by that name"
        limit={200}
      />
      {words ? (
        <Text size="sm" aria-live="polite">
          Fires <strong>{words}</strong>
        </Text>
      ) : null}
    </Stack>
  );
}
