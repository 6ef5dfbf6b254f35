import { Alert, Button, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconMailOpened } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { InvitationPreview } from '@shared/schemas/people';
import { invitationTokenBodySchema } from '@shared/schemas/people';
import { ErrorAlert, errorMessage } from '@renderer/components/error-alert';
import { invoke, mutate } from '@renderer/lib/api';
import { useAsync } from '@renderer/lib/use-async';
import { useAppStore } from '@renderer/store';
import { isOnline } from '@renderer/store/sync-slice';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * Where a botdesk://accept-invite link (or a pasted code) lands: it shows what the invitation
 * offers and joins only when the person clicks Accept.
 */
export function InvitationPage() {
  const pending = useAppStore((s) => s.pendingInvitation);
  // Keyed by the token: a second link replaces the page's state instead of mixing with it.
  return <InvitationFlow key={pending?.token ?? 'pasted'} linkToken={pending?.token ?? null} />;
}

function InvitationFlow({ linkToken }: { linkToken: string | null }) {
  const [token, setToken] = useState<string | null>(linkToken);
  return (
    <Stack maw={640} gap="lg">
      <div>
        <Title order={1} fz="h2">
          Invitation
        </Title>
        <Text c="dimmed">Join an organization you were invited to. Nothing happens until you accept.</Text>
      </div>
      {token ? <Preview token={token} onOther={() => setToken(null)} /> : <PasteCode onCode={setToken} />}
    </Stack>
  );
}

function PasteCode({ onCode }: { onCode(token: string): void }) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = invitationTokenBodySchema.safeParse({ token: code });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Paste the whole invitation code');
      return;
    }
    onCode(parsed.data.token);
  };
  return (
    <Paper withBorder p="lg" component="form" onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">No invitation link is waiting. Paste the code from your invitation email instead.</Text>
        <TextInput
          label="Invitation code"
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          error={error}
          autoComplete="off"
          spellCheck={false}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button type="submit">Look up invitation</Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function Preview({ token, onOther }: { token: string; onOther(): void }) {
  const dismiss = useAppStore((s) => s.dismissInvitation);
  const navigate = useNavigate();
  const close = () => {
    dismiss();
    void navigate('/');
  };
  const online = useAppStore((s) => isOnline(s.sync, s.bridge));
  const result = useAsync(() => invoke('invitations.lookup', { token }), token);
  const preview = result.status === 'ready' ? result.data : null;
  const lookupError = result.status === 'error' ? result.error : null;
  const lookup = result.reload;

  return (
    <Paper withBorder p="lg">
      <Stack gap="md">
        <Group gap="sm">
          <IconMailOpened size={22} />
          <Text fw={500}>Invitation code {`${token.slice(0, 6)}…${token.slice(-4)}`}</Text>
        </Group>
        {lookupError ? (
          <>
            <ErrorAlert title="This invitation cannot be opened" message={lookupError} />
            <Group justify="flex-end">
              <Button variant="subtle" color="gray" onClick={close}>
                Close
              </Button>
              <Button variant="default" onClick={onOther}>
                Paste another code
              </Button>
              <Button onClick={lookup} disabled={!online}>
                Try again
              </Button>
            </Group>
          </>
        ) : preview ? (
          <Decision token={token} preview={preview} />
        ) : (
          <Text size="sm" c="dimmed" role="status">
            Looking up the invitation…
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function Decision({ token, preview }: { token: string; preview: InvitationPreview }) {
  const session = useAppStore((s) => s.session);
  const loadOrgs = useAppStore((s) => s.loadOrgs);
  const dismiss = useAppStore((s) => s.dismissInvitation);
  const online = useAppStore((s) => isOnline(s.sync, s.bridge));
  const navigate = useNavigate();
  const [busy, setBusy] = useState<'accept' | 'decline' | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const myEmail = session && session.status !== 'signedOut' ? session.user.email : null;
  const wrongAccount = myEmail !== null && myEmail.toLowerCase() !== preview.email.toLowerCase();

  const act = async (kind: 'accept' | 'decline') => {
    setBusy(kind);
    setRefusal(null);
    try {
      if (kind === 'accept') {
        const org = await mutate(null, 'invitation.accept', { token });
        await loadOrgs();
        notifications.show({
          color: 'teal',
          title: `Welcome to ${org.name}`,
          message: `You joined as ${preview.roleName}.`,
        });
        await navigate(`/orgs/${org.id}`, { replace: true });
        dismiss();
      } else {
        await mutate(null, 'invitation.decline', { token });
        notifications.show({
          color: 'gray',
          title: 'Invitation declined',
          message: `You did not join ${preview.orgName}.`,
        });
        await navigate('/', { replace: true });
        dismiss();
      }
    } catch (error) {
      setRefusal(errorMessage(error));
      setBusy(null);
    }
  };
  const close = () => {
    dismiss();
    void navigate('/');
  };

  return (
    <Stack gap="md">
      <Title order={2} fz="h3">
        {preview.inviterName} invited you to {preview.orgName}
      </Title>
      <SimpleGrid cols={2} spacing="xs" verticalSpacing={4}>
        <Text size="sm" c="dimmed">
          Organization
        </Text>
        <Text size="sm" fw={500}>
          {preview.orgName}
        </Text>
        <Text size="sm" c="dimmed">
          Invited by
        </Text>
        <Text size="sm">{preview.inviterName}</Text>
        <Text size="sm" c="dimmed">
          Role
        </Text>
        <Text size="sm">{preview.roleName}</Text>
        <Text size="sm" c="dimmed">
          For
        </Text>
        <Text size="sm">{preview.email}</Text>
        <Text size="sm" c="dimmed">
          Expires
        </Text>
        <Text size="sm">{dateTime.format(new Date(preview.expiresAt))}</Text>
      </SimpleGrid>
      {wrongAccount ? (
        <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title={`This invitation is for ${preview.email}`}>
          You are signed in as {myEmail}. Sign in with {preview.email} to accept it; it stays pending until then.
        </Alert>
      ) : null}
      {!online ? (
        <Text size="sm" c="dimmed">
          Answering needs a connection to the server.
        </Text>
      ) : null}
      <ErrorAlert message={refusal} title="That did not work" />
      <Group justify="flex-end">
        <Button variant="subtle" color="gray" onClick={close}>
          Close
        </Button>
        <Button
          variant="default"
          disabled={wrongAccount || !online || busy !== null}
          loading={busy === 'decline'}
          onClick={() => void act('decline')}
        >
          Decline
        </Button>
        <Button
          disabled={wrongAccount || !online || busy !== null}
          loading={busy === 'accept'}
          onClick={() => void act('accept')}
        >
          Accept and join
        </Button>
      </Group>
    </Stack>
  );
}
