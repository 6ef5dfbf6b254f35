import { Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { Org } from '@shared/schemas/org';
import { FreshModal } from '@renderer/components/fresh-modal';
import { ErrorAlert, errorMessage } from '@renderer/components/error-alert';
import { mutate } from '@renderer/lib/api';
import { useAppStore } from '@renderer/store';
import { isOnline } from '@renderer/store/sync-slice';

/** Owner only, never the personal workspace; the person types the slug to confirm. */
export function DeleteOrgCard({ org }: { org: Org }) {
  const [opened, modal] = useDisclosure(false);
  return (
    <Paper withBorder p="lg" style={{ borderColor: 'var(--mantine-color-red-outline)' }}>
      <Group justify="space-between" wrap="wrap" gap="md">
        <div>
          <Title order={2} fz="h4">
            Delete organization
          </Title>
          <Text size="sm" c="dimmed" maw={480}>
            Every member loses access at once; its bots, runs and keys are removed after a grace period.
          </Text>
        </div>
        <Button color="red" variant="outline" onClick={modal.open}>
          Delete organization…
        </Button>
      </Group>
      <FreshModal opened={opened} onClose={modal.close} title={`Delete ${org.name}?`}>
        <ConfirmDelete org={org} onClose={modal.close} />
      </FreshModal>
    </Paper>
  );
}

function ConfirmDelete({ org, onClose }: { org: Org; onClose(): void }) {
  const online = useAppStore((s) => isOnline(s.sync, s.bridge));
  const loadOrgs = useAppStore((s) => s.loadOrgs);
  const navigate = useNavigate();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const matches = typed.trim() === org.slug;

  const remove = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!matches || !online) return;
    setBusy(true);
    setRefusal(null);
    try {
      await mutate(org.id, 'org.delete', { confirmSlug: typed.trim() });
      onClose();
      await loadOrgs();
      await navigate('/', { replace: true });
    } catch (error) {
      setRefusal(errorMessage(error));
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void remove(e)} noValidate>
      <Stack gap="sm">
        <Alert color="red" icon={<IconAlertTriangle size={18} />}>
          This cannot be undone. Members, bots, triggers, run history and API keys of {org.name} go with it.
        </Alert>
        {!online ? (
          <Text size="sm" c="dimmed">
            Deleting needs the server: try again once you are online.
          </Text>
        ) : null}
        <ErrorAlert message={refusal} title="Could not delete" />
        <TextInput
          label={
            <>
              Type <strong>{org.slug}</strong> to confirm
            </>
          }
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
          autoComplete="off"
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" color="red" disabled={!matches || !online} loading={busy}>
            Delete this organization
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
