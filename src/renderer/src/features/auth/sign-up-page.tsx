import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { Navigate, useNavigate } from 'react-router';
import { ipcMethods } from '@shared/ipc';
import { ErrorAlert } from '@renderer/components/error-alert';
import { invoke } from '@renderer/lib/api';
import { useSubmit } from '@renderer/lib/use-submit';
import { useZodForm } from '@renderer/lib/use-zod-form';
import { useAppStore } from '@renderer/store';
import { revealProps } from './reveal-props';
import { AuthCard, AuthLink } from './auth-layout';
import { initialServerUrl } from './server-url';

export function SignUpPage() {
  const session = useAppStore((s) => s.session);
  const setSession = useAppStore((s) => s.setSession);
  const loadOrgs = useAppStore((s) => s.loadOrgs);
  const navigate = useNavigate();
  const form = useZodForm(ipcMethods['session.signUp'].input, {
    serverUrl: initialServerUrl(session),
    name: '',
    email: '',
    password: '',
  });
  const { busy, refusal, run } = useSubmit({ keepBusyOnSuccess: true });

  if (session?.status === 'signedIn' && !busy) return <Navigate to="/" replace />;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const input = form.validate();
    if (!input) return;
    await run(async () => {
      setSession(await invoke('session.signUp', input));
      await loadOrgs();
      await navigate('/verify-email', { replace: true });
    });
  };

  return (
    <AuthCard
      title="Create your account"
      lead="You get a personal workspace at once; invite your team or create organizations later."
      footer={
        <>
          Already have an account? <AuthLink to="/sign-in">Sign in</AuthLink>
        </>
      }
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <ErrorAlert message={refusal} title="Could not create the account" />
          <TextInput
            label="Name"
            autoComplete="name"
            required
            value={form.values.name}
            error={form.errors.name}
            onChange={(e) => form.setField('name', e.currentTarget.value)}
            autoFocus
          />
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            required
            value={form.values.email}
            error={form.errors.email}
            onChange={(e) => form.setField('email', e.currentTarget.value)}
          />
          <PasswordInput
            visibilityToggleButtonProps={revealProps}
            label="Password"
            description="At least 10 characters"
            autoComplete="new-password"
            required
            value={form.values.password}
            error={form.errors.password}
            onChange={(e) => form.setField('password', e.currentTarget.value)}
          />
          <TextInput
            label="Server URL"
            description="The Botdesk server your organization uses"
            value={form.values.serverUrl}
            error={form.errors.serverUrl}
            onChange={(e) => form.setField('serverUrl', e.currentTarget.value)}
          />
          <Button type="submit" loading={busy} fullWidth mt="xs">
            Sign up
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
