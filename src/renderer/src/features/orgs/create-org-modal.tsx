import { Alert, Button, Group, Stack, TextInput } from '@mantine/core';
import { IconCloudOff } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { createOrgBodySchema } from '@shared/schemas/org';
import { FreshModal } from '@renderer/components/fresh-modal';
import { ErrorAlert } from '@renderer/components/error-alert';
import { mutate } from '@renderer/lib/api';
import { useSubmit } from '@renderer/lib/use-submit';
import { useZodForm } from '@renderer/lib/use-zod-form';
import { useAppStore } from '@renderer/store';
import { isOnline } from '@renderer/store/sync-slice';

/** `org.create` is online-only: the server decides whether the slug is free. */
export function CreateOrgModal({ opened, onClose }: { opened: boolean; onClose(): void }) {
  return (
    <FreshModal opened={opened} onClose={onClose} title="Create organization">
      <CreateOrgForm onClose={onClose} />
    </FreshModal>
  );
}

function CreateOrgForm({ onClose }: { onClose(): void }) {
  const online = useAppStore((s) => isOnline(s.sync, s.bridge));
  const loadOrgs = useAppStore((s) => s.loadOrgs);
  const navigate = useNavigate();
  const form = useZodForm(createOrgBodySchema, { name: '', slug: undefined });
  const { busy, refusal, run } = useSubmit();

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const input = form.validate();
    if (!input || !online) return;
    await run(async () => {
      const org = await mutate(null, 'org.create', input);
      await loadOrgs();
      onClose();
      await navigate(`/orgs/${org.id}`);
    });
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="sm">
        {!online ? (
          <Alert color="gray" icon={<IconCloudOff size={18} />} title="You are offline">
            Creating an organization needs the server, which checks that its address is free. Try again once you are
            back online.
          </Alert>
        ) : null}
        <ErrorAlert message={refusal} title="Could not create the organization" />
        <TextInput
          label="Name"
          required
          value={form.values.name}
          error={form.errors.name}
          onChange={(e) => form.setField('name', e.currentTarget.value)}
          data-autofocus
        />
        <TextInput
          label="Slug"
          description="Optional: lowercase letters, digits and dashes. Left empty, one is made from the name."
          value={form.values.slug ?? ''}
          error={form.errors.slug}
          onChange={(e) => form.setField('slug', e.currentTarget.value === '' ? undefined : e.currentTarget.value)}
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy} disabled={!online}>
            Create organization
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
