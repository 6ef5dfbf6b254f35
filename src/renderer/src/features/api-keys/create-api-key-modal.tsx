import { Button, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { OrgSummary } from '@shared/ipc';
import type { Permission } from '@shared/permissions';
import { createApiKeyBodySchema } from '@shared/schemas/automation';
import type { ApiKeyType, CreatedApiKey } from '@shared/schemas/automation';
import { ErrorAlert } from '@renderer/components/error-alert';
import { FreshModal } from '@renderer/components/fresh-modal';
import { mutate } from '@renderer/lib/api';
import { useSubmit } from '@renderer/lib/use-submit';
import { fieldErrors } from '@renderer/lib/use-zod-form';
import type { FieldErrors } from '@renderer/lib/use-zod-form';
import { useAppStore } from '@renderer/store';
import { isOnline } from '@renderer/store/sync-slice';
import { ApiKeySecret } from './api-key-secret';
import { ScopePicker } from './scope-picker';
import { apiKeyTypeLabels } from './use-api-keys';

/** Create a key (name, type, scopes from the creator's own permissions), then show its secret this once. */
export function CreateApiKeyModal({
  summary,
  opened,
  onClose,
}: {
  summary: OrgSummary;
  opened: boolean;
  onClose(): void;
}) {
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  return (
    <FreshModal
      opened={opened}
      onClose={onClose}
      title={created ? `${created.apiKey.name} is ready` : 'Create API key'}
      size="lg"
    >
      {created ? (
        <Stack gap="md">
          <ApiKeySecret created={created} />
          <Group justify="flex-end">
            <Button onClick={onClose}>I have copied the key</Button>
          </Group>
        </Stack>
      ) : (
        <CreateForm summary={summary} onCreated={setCreated} onCancel={onClose} />
      )}
    </FreshModal>
  );
}

const typeDescriptions = {
  standard: 'For runners and scripts: the larger request budget of the plan.',
  ai_agent: 'For AI agents acting for the organization: a separate, smaller request budget.',
} as const satisfies Record<ApiKeyType, string>;

function CreateForm({
  summary,
  onCreated,
  onCancel,
}: {
  summary: OrgSummary;
  onCreated(created: CreatedApiKey): void;
  onCancel(): void;
}) {
  const online = useAppStore((s) => isOnline(s.sync, s.bridge));
  const [name, setName] = useState('');
  const [type, setType] = useState<ApiKeyType>('standard');
  const [scopes, setScopes] = useState<Permission[]>(
    summary.permissions.includes('runs.execute') ? ['runs.execute'] : [],
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const { busy, refusal, run } = useSubmit();

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = createApiKeyBodySchema.safeParse({ name, type, scopes });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    await run(async () => onCreated(await mutate(summary.org.id, 'apiKey.create', parsed.data)));
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        {!online ? (
          <Text size="sm" c="dimmed">
            Creating a key needs the server: try again once you are online.
          </Text>
        ) : null}
        <ErrorAlert message={refusal} title="Could not create the key" />
        <TextInput
          label="Name"
          description="Say what uses it, e.g. “Warehouse runner”"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
          data-autofocus
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="api-key-type-label">
            Type
          </Text>
          <SegmentedControl
            aria-labelledby="api-key-type-label"
            value={type}
            onChange={(v) => setType(v as ApiKeyType)}
            data={(['standard', 'ai_agent'] as const).map((t) => ({ value: t, label: apiKeyTypeLabels[t] }))}
          />
          <Text size="xs" c="dimmed">
            {typeDescriptions[type]}
          </Text>
        </Stack>
        <ScopePicker available={summary.permissions} value={scopes} onChange={setScopes} error={errors.scopes} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={busy} disabled={!online}>
            Create key
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
