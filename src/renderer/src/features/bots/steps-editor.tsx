import { ActionIcon, Button, Group, NumberInput, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';

/** A step as the form edits it: duration in seconds, the error only for a failing step. */
export type StepDraft = { key: number; name: string; seconds: number; outcome: 'ok' | 'fail'; error: string };

let nextKey = 1;
export function newStep(partial: Partial<Omit<StepDraft, 'key'>> = {}): StepDraft {
  return { key: nextKey++, name: '', seconds: 5, outcome: 'ok', error: '', ...partial };
}

/**
 * The scripted steps the reference runner performs for each run: a name, how long it takes and
 * whether it succeeds. Steps can be reordered with the arrow buttons (keyboard reachable).
 */
export function StepsEditor({
  steps,
  onChange,
  error,
}: {
  steps: StepDraft[];
  onChange(steps: StepDraft[]): void;
  error?: string | undefined;
}) {
  const update = (key: number, patch: Partial<StepDraft>) =>
    onChange(steps.map((s) => (s.key === key ? { ...s, ...patch } : s)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...steps];
    const [step] = next.splice(index, 1);
    if (step) next.splice(index + by, 0, step);
    onChange(next);
  };
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <div>
          <Text size="sm" fw={500}>
            Steps
          </Text>
          <Text size="xs" c="dimmed">
            What a runner does in each run, in order. A failing step ends the run as failed with its message.
          </Text>
        </div>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          onClick={() => onChange([...steps, newStep({ name: `Step ${steps.length + 1}` })])}
          disabled={steps.length >= 50}
        >
          Add step
        </Button>
      </Group>
      {steps.length === 0 ? (
        <Text size="sm" c="dimmed">
          No steps: a run succeeds at once.
        </Text>
      ) : null}
      {steps.map((step, index) => (
        <Paper key={step.key} withBorder p="xs" role="group" aria-label={`Step ${index + 1}`}>
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput
              label="Step name"
              value={step.name}
              onChange={(e) => update(step.key, { name: e.currentTarget.value })}
              style={{ flex: 2 }}
              size="xs"
            />
            <NumberInput
              label="Duration (s)"
              value={step.seconds}
              min={0}
              max={3600}
              onChange={(v) => update(step.key, { seconds: typeof v === 'number' ? v : Number(v) || 0 })}
              style={{ flex: 1 }}
              size="xs"
            />
            <Select
              label="Outcome"
              data={[
                { value: 'ok', label: 'Succeeds' },
                { value: 'fail', label: 'Fails' },
              ]}
              value={step.outcome}
              onChange={(v) => update(step.key, { outcome: v === 'fail' ? 'fail' : 'ok' })}
              allowDeselect={false}
              style={{ flex: 1 }}
              size="xs"
            />
            <ActionIcon.Group>
              <ActionIcon
                variant="default"
                size="md"
                aria-label={`Move step ${index + 1} up`}
                disabled={index === 0}
                onClick={() => move(index, -1)}
              >
                <IconArrowUp size={14} />
              </ActionIcon>
              <ActionIcon
                variant="default"
                size="md"
                aria-label={`Move step ${index + 1} down`}
                disabled={index === steps.length - 1}
                onClick={() => move(index, 1)}
              >
                <IconArrowDown size={14} />
              </ActionIcon>
              <ActionIcon
                variant="default"
                size="md"
                color="red"
                aria-label={`Remove step ${index + 1}`}
                onClick={() => onChange(steps.filter((s) => s.key !== step.key))}
              >
                <IconTrash size={14} />
              </ActionIcon>
            </ActionIcon.Group>
          </Group>
          {step.outcome === 'fail' ? (
            <TextInput
              mt="xs"
              size="xs"
              label="Error message"
              placeholder="e.g. The invoice portal rejected the login"
              value={step.error}
              onChange={(e) => update(step.key, { error: e.currentTarget.value })}
            />
          ) : null}
        </Paper>
      ))}
      {error ? (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      ) : null}
    </Stack>
  );
}
