import { Alert, Button, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconMailOpened } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useAppStore } from '@renderer/store';

/** Where a botdesk://accept-invite link lands. It shows what arrived; nothing is accepted without a click. */
export function InvitationPage() {
  const invitation = useAppStore((s) => s.pendingInvitation);
  const dismiss = useAppStore((s) => s.dismissInvitation);
  const navigate = useNavigate();
  const close = () => {
    dismiss();
    void navigate('/');
  };

  return (
    <Stack maw={640} gap="lg">
      <Title order={1} fz="h2">Invitation</Title>
      {invitation ? (
        <Paper withBorder p="lg">
          <Stack gap="md">
            <Group gap="sm">
              <IconMailOpened size={22} />
              <Text fw={500}>An invitation link opened Botdesk.</Text>
            </Group>
            <Text size="sm">
              Invitation code <Code>{`${invitation.token.slice(0, 6)}…${invitation.token.slice(-4)}`}</Code>
            </Text>
            <Alert color="blue" variant="light" title="Joining from an invitation is not in this version yet">
              This version of Botdesk can receive invitation links but cannot accept them. Nothing was accepted; the
              invitation stays valid until it expires, 7 days after it was sent.
            </Alert>
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>Close</Button>
            </Group>
          </Stack>
        </Paper>
      ) : (
        <Text c="dimmed">No invitation is waiting. Open the link from your invitation email to see it here.</Text>
      )}
    </Stack>
  );
}
