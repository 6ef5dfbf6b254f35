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

export function SignInPage() {
  const session = useAppStore((s) => s.session);
  const setSession = useAppStore((s) => s.setSession);
  const loadOrgs = useAppStore((s) => s.loadOrgs);
  const navigate = useNavigate();
  const form = useZodForm(ipcMethods['session.signIn'].input, {
    serverUrl: initialServerUrl(session),
    email: session && session.status !== 'signedOut' ? session.user.email : '',
    password: '',
  });
  const { busy, refusal, run } = useSubmit({ keepBusyOnSuccess: true });

  if (session?.status === 'signedIn' && !busy) return <Navigate to="/" replace />;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const input = form.validate();
    if (!input) return;
    await run(async () => {
      const next = await invoke('session.signIn', input);
      setSession(next);
      await loadOrgs();
      await navigate(next.status === 'signedIn' && !next.user.emailVerified ? '/verify-email' : '/', { replace: true });
    });
  };

  return (
    <AuthCard
      title={session?.status === 'expired' ? 'Sign in again' : 'Sign in'}
      lead={session?.status === 'expired' ? session.reason : 'Welcome back to your User Center.'}
      footer={
        <>
          New to Botdesk? <AuthLink to="/sign-up">Create an account</AuthLink>
        </>
      }
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <ErrorAlert message={refusal} title="Could not sign in" />
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            required
            value={form.values.email}
            error={form.errors.email}
            onChange={(e) => form.setField('email', e.currentTarget.value)}
            autoFocus
          />
          <PasswordInput
            visibilityToggleButtonProps={revealProps}
            label="Password"
            autoComplete="current-password"
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
            Sign in
          </Button>
          <AuthLink to="/reset-password">Forgot your password?</AuthLink>
        </Stack>
      </form>
    </AuthCard>
  );
}
