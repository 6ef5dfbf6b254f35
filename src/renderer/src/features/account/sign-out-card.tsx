import { Button, Group, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { FreshModal } from '@renderer/components/fresh-modal';
import { ErrorAlert, errorMessage } from '@renderer/components/error-alert';
import { invoke } from '@renderer/lib/api';
import { useAppStore } from '@renderer/store';

/** Signing out asks whether this computer keeps its offline copy (it stays private to this account). */
export function SignOutCard() {
  const [opened, modal] = useDisclosure(false);
  return (
    <Paper withBorder p="lg">
      <Group justify="space-between" wrap="wrap" gap="md">
        <div>
          <Title order={2} fz="h4">
            Sign out
          </Title>
          <Text size="sm" c="dimmed">
            End this computer's session.
          </Text>
        </div>
        <Button variant="default" onClick={modal.open}>
          Sign out…
        </Button>
      </Group>
      <FreshModal opened={opened} onClose={modal.close} title="Sign out of Botdesk">
        <SignOutForm onClose={modal.close} />
      </FreshModal>
    </Paper>
  );
}

function SignOutForm({ onClose }: { onClose(): void }) {
  const setSession = useAppStore((s) => s.setSession);
  const clearOrgs = useAppStore((s) => s.clearOrgs);
  const pending = useAppStore((s) => s.sync?.pendingCount ?? 0);
  const navigate = useNavigate();
  const [choice, setChoice] = useState<'keep' | 'remove'>('keep');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);

  const signOut = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setRefusal(null);
    try {
      const next = await invoke('session.signOut', { removeLocalData: choice === 'remove' });
      clearOrgs();
      setSession(next);
      onClose();
      await navigate('/sign-in', { replace: true });
    } catch (error) {
      setRefusal(errorMessage(error));
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void signOut(e)}>
      <Stack gap="md">
        <ErrorAlert message={refusal} title="Could not sign out" />
        <Radio.Group
          value={choice}
          onChange={(v) => setChoice(v === 'remove' ? 'remove' : 'keep')}
          label="This computer's copy of your organizations"
        >
          <Stack gap="xs" mt="xs">
            <Radio value="keep" label="Keep it, so signing in again is instant and works offline" />
            <Radio value="remove" label="Remove it from this computer" />
          </Stack>
        </Radio.Group>
        {choice === 'remove' && pending > 0 ? (
          <Text size="sm" c="red">
            {pending === 1 ? '1 change has' : `${pending} changes have`} not reached the server yet and will be lost.
          </Text>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy} color={choice === 'remove' ? 'red' : undefined}>
            Sign out
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
