import { Button, Checkbox, Group, MultiSelect, NumberInput, Radio, SegmentedControl, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ruleDescription, ruleLimit } from '@shared/alert-crossing';
import type { OrgSummary } from '@shared/ipc';
import type { Member } from '@shared/schemas/org';
import { alertRuleKinds, createAlertRuleBodySchema } from '@shared/schemas/usage';
import type { AlertRule } from '@shared/schemas/usage';
import { ErrorAlert } from '@renderer/components/error-alert';
import { FreshModal } from '@renderer/components/fresh-modal';
import { mutate } from '@renderer/lib/api';
import { useSubmit } from '@renderer/lib/use-submit';
import { fieldErrors } from '@renderer/lib/use-zod-form';
import type { FieldErrors } from '@renderer/lib/use-zod-form';
import { useAppStore } from '@renderer/store';
import { isOnline } from '@renderer/store/sync-slice';
import { creditsText } from './usage-format';

type Kind = AlertRule['kind'];
type Channel = AlertRule['channels'][number];

const kindLabels = { credits_below: 'Credits left', percent_below: 'Percent of allowance' } as const satisfies Record<
  Kind,
  string
>;

const defaultThresholds = { credits_below: 100, percent_below: 10 } as const satisfies Record<Kind, number>;

/** Create or edit an alert rule (online, alerts.manage); the kind of an existing rule stays. */
export function AlertRuleModal({
  summary,
  rule,
  allowance,
  members,
  onClose,
}: {
  summary: OrgSummary;
  rule: AlertRule | 'new' | null;
  allowance: number | null;
  /** Active members to choose recipients from; null when this person may not read them. */
  members: Member[] | null;
  onClose(): void;
}) {
  return (
    <FreshModal opened={rule !== null} onClose={onClose} title={rule === 'new' ? 'New alert' : 'Edit alert'} size="lg">
      {rule !== null ? (
        <AlertRuleForm
          summary={summary}
          rule={rule === 'new' ? null : rule}
          allowance={allowance}
          members={members}
          onClose={onClose}
        />
      ) : null}
    </FreshModal>
  );
}

function AlertRuleForm({
  summary,
  rule,
  allowance,
  members,
  onClose,
}: {
  summary: OrgSummary;
  rule: AlertRule | null;
  allowance: number | null;
  members: Member[] | null;
  onClose(): void;
}) {
  const online = useAppStore((s) => isOnline(s.sync, s.bridge));
  const [kind, setKind] = useState<Kind>(rule?.kind ?? 'percent_below');
  const [threshold, setThreshold] = useState<string | number>(rule?.threshold ?? defaultThresholds.percent_below);
  const [channels, setChannels] = useState<Channel[]>(rule?.channels ?? ['desktop', 'email']);
  const [chosen, setChosen] = useState<string[]>(rule?.recipientMemberIds ?? []);
  const [everyone, setEveryone] = useState(chosen.length === 0);
  const [enabled, setEnabled] = useState(true);
  const [errors, setErrors] = useState<FieldErrors>({});
  const { busy, refusal, run } = useSubmit();

  /** The body the contract accepts, or null after showing what is wrong beside each field. */
  const validate = () => {
    const parsed = createAlertRuleBodySchema.safeParse({
      kind,
      threshold: threshold === '' ? undefined : Number(threshold),
      channels,
      recipientMemberIds: everyone ? [] : chosen,
      enabled,
    });
    const { _form, ...found } = parsed.success ? {} : fieldErrors(parsed.error);
    // The contract's refinement (a percentage is at most 100) is about the threshold.
    if (_form) found.threshold ??= _form;
    if (threshold === '') found.threshold = 'Enter a threshold';
    if (!everyone && chosen.length === 0) found.recipients = 'Choose at least one member, or tell everyone';
    setErrors(found);
    return parsed.success && Object.keys(found).length === 0 ? parsed.data : null;
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const body = validate();
    if (!body) return;
    await run(async () => {
      const { threshold: t, channels: c, recipientMemberIds } = body;
      const saved = rule
        ? await mutate(summary.org.id, 'alertRule.update', {
            ruleId: rule.id,
            patch: { threshold: t, channels: c, recipientMemberIds },
          })
        : await mutate(summary.org.id, 'alertRule.create', body);
      notifications.show({
        color: 'teal',
        title: rule ? 'Alert saved' : 'Alert created',
        message: `You will hear when the balance is ${ruleDescription(saved)}.`,
      });
      onClose();
    });
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        <ErrorAlert message={refusal} title="Could not save the alert" />
        <ErrorAlert
          message={online ? null : 'Saving an alert needs a connection to the server.'}
          title="You are offline"
        />
        {rule ? (
          <Text size="sm">
            Kind: <strong>{kindLabels[rule.kind]}</strong>
          </Text>
        ) : (
          <Stack gap={4}>
            <Text size="sm" fw={500} id="alert-kind-label">
              Alert when
            </Text>
            <SegmentedControl
              aria-labelledby="alert-kind-label"
              value={kind}
              onChange={(v) => {
                setKind(v as Kind);
                setThreshold(defaultThresholds[v as Kind]);
              }}
              data={alertRuleKinds.map((k) => ({ value: k, label: kindLabels[k] }))}
            />
          </Stack>
        )}
        <ThresholdInput
          kind={kind}
          value={threshold}
          onChange={setThreshold}
          allowance={allowance}
          error={errors.threshold}
        />
        <Checkbox.Group
          label="Channels"
          description="How the alert reaches people; at least one"
          value={channels}
          onChange={(v) => setChannels(v as Channel[])}
          error={errors.channels}
          required
        >
          <Group gap="lg" mt={6}>
            <Checkbox value="desktop" label="Desktop notification" />
            <Checkbox value="email" label="Email" />
          </Group>
        </Checkbox.Group>
        <Recipients
          members={members}
          everyone={everyone}
          setEveryone={setEveryone}
          chosen={chosen}
          setChosen={setChosen}
          error={errors.recipients ?? errors.recipientMemberIds}
        />
        {!rule ? (
          <Checkbox label="Enabled" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy} disabled={!online}>
            {rule ? 'Save alert' : 'Create alert'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ThresholdInput({
  kind,
  value,
  onChange,
  allowance,
  error,
}: {
  kind: Kind;
  value: string | number;
  onChange(v: string | number): void;
  allowance: number | null;
  error: string | undefined;
}) {
  const percent = kind === 'percent_below';
  const inCredits =
    percent && allowance !== null && value !== '' && Number(value) <= 100
      ? `At this period's allowance of ${creditsText(allowance)}, that is ${creditsText(ruleLimit({ kind, threshold: Number(value) }, allowance))}.`
      : undefined;
  return (
    <NumberInput
      label={percent ? 'Remaining below (% of the period’s allowance)' : 'Remaining below (credits)'}
      description={inCredits ?? 'The alert fires once when the balance drops below this, and re-arms when it recovers.'}
      value={value}
      onChange={onChange}
      min={0}
      suffix={percent ? '%' : undefined}
      thousandSeparator=","
      allowNegative={false}
      error={error}
      required
      data-autofocus
    />
  );
}

function Recipients({
  members,
  everyone,
  setEveryone,
  chosen,
  setChosen,
  error,
}: {
  members: Member[] | null;
  everyone: boolean;
  setEveryone(v: boolean): void;
  chosen: string[];
  setChosen(v: string[]): void;
  error: string | undefined;
}) {
  const mayChoose = members !== null;
  return (
    <Stack gap="xs">
      <Radio.Group
        label="Who is told"
        value={everyone ? 'everyone' : 'chosen'}
        onChange={(v) => setEveryone(v === 'everyone')}
      >
        <Stack gap={6} mt={6}>
          <Radio value="everyone" label="Everyone who can see usage" />
          <Radio
            value="chosen"
            label="Chosen members"
            disabled={!mayChoose && chosen.length === 0}
            description={mayChoose ? undefined : 'Choosing members needs permission to read the member list.'}
          />
        </Stack>
      </Radio.Group>
      {!everyone && mayChoose ? (
        <MultiSelect
          aria-label="Members to tell"
          placeholder={chosen.length === 0 ? 'Pick members' : undefined}
          data={members.map((m) => ({ value: m.id, label: m.alias ?? m.name }))}
          value={chosen}
          onChange={setChosen}
          searchable
          nothingFoundMessage="No active member by that name"
          error={error}
        />
      ) : null}
      {!everyone && !mayChoose ? (
        <Text size="sm" c="dimmed">
          {chosen.length} chosen {chosen.length === 1 ? 'member' : 'members'} (kept as they are).
        </Text>
      ) : null}
      {everyone && error ? (
        <Text size="sm" c="red">
          {error}
        </Text>
      ) : null}
    </Stack>
  );
}
