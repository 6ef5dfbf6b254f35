import { Badge, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck, IconMailExclamation } from '@tabler/icons-react';
import { Link } from 'react-router';
import { ipcMethods } from '@shared/ipc';
import type { User } from '@shared/schemas/user';
import { ErrorAlert } from '@renderer/components/error-alert';
import { invoke } from '@renderer/lib/api';
import { useSubmit } from '@renderer/lib/use-submit';
import { useZodForm } from '@renderer/lib/use-zod-form';
import { useAppStore } from '@renderer/store';
import { AppSettingsCard } from './app-settings-card';
import { SessionsCard } from './sessions-card';
import { SignOutCard } from './sign-out-card';
import { UpdatesCard } from './updates-card';

export function AccountPage() {
  const session = useAppStore((s) => s.session);
  if (!session || session.status === 'signedOut') return null;

  return (
    <Stack maw={760} gap="lg">
      <div>
        <Title order={1} fz="h2">
          Account
        </Title>
        <Text c="dimmed">Your profile shows in every organization you belong to.</Text>
      </div>
      <ProfileCard key={session.user.name} user={session.user} serverUrl={session.serverUrl} />
      {session.status === 'signedIn' ? <SessionsCard /> : null}
      <AppSettingsCard />
      <UpdatesCard />
      <SignOutCard />
    </Stack>
  );
}

function ProfileCard({ user, serverUrl }: { user: User; serverUrl: string }) {
  const setSession = useAppStore((s) => s.setSession);
  const form = useZodForm(ipcMethods['account.updateProfile'].input, { name: user.name });
  const { busy, refusal, run } = useSubmit();

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const input = form.validate();
    if (!input) return;
    await run(async () => {
      setSession(await invoke('account.updateProfile', input));
      notifications.show({
        color: 'teal',
        title: 'Profile saved',
        message: 'Your name is updated in every organization.',
      });
    });
  };

  return (
    <Paper withBorder p="lg" component="form" onSubmit={(e: React.FormEvent) => void submit(e)} noValidate>
      <Stack gap="md">
        <Title order={2} fz="h4">
          Profile
        </Title>
        <ErrorAlert message={refusal} title="Could not save" />
        <TextInput
          label="Display name"
          value={form.values.name}
          error={form.errors.name}
          onChange={(e) => form.setField('name', e.currentTarget.value)}
        />
        <div>
          <Text size="sm" fw={500}>
            Email
          </Text>
          <Group gap="sm" mt={4}>
            <Text>{user.email}</Text>
            {user.emailVerified ? (
              <Badge color="teal" variant="light" leftSection={<IconCircleCheck size={12} />}>
                Verified
              </Badge>
            ) : (
              <>
                <Badge color="yellow" variant="light" leftSection={<IconMailExclamation size={12} />}>
                  Not verified
                </Badge>
                <Button component={Link} to="/verify-email" size="compact-sm" variant="light">
                  Verify now
                </Button>
              </>
            )}
          </Group>
        </div>
        <Text size="sm" c="dimmed">
          Server: {serverUrl}
        </Text>
        <Group justify="flex-end">
          <Button type="submit" loading={busy} disabled={form.values.name.trim() === user.name}>
            Save changes
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
