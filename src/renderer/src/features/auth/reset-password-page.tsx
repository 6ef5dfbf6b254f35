import { Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { ipcMethods } from '@shared/ipc';
import { ErrorAlert } from '@renderer/components/error-alert';
import { invoke } from '@renderer/lib/api';
import { useSubmit } from '@renderer/lib/use-submit';
import { useZodForm } from '@renderer/lib/use-zod-form';
import { useAppStore } from '@renderer/store';
import { revealProps } from './reveal-props';
import { AuthCard, AuthLink } from './auth-layout';
import { initialServerUrl } from './server-url';

type Step = { step: 'request' } | { step: 'confirm'; serverUrl: string; email: string } | { step: 'done' };

/** Request a code by email, then enter it with a new password. Every session of the account ends. */
export function ResetPasswordPage() {
  const session = useAppStore((s) => s.session);
  const [step, setStep] = useState<Step>({ step: 'request' });
  const footer = (
    <>
      Remembered it? <AuthLink to="/sign-in">Sign in</AuthLink>
    </>
  );

  if (step.step === 'done') {
    return (
      <AuthCard
        title="Password changed"
        lead="Every session of this account has ended, including on other computers. Sign in with your new password."
      >
        <Button component={Link} to="/sign-in">
          Sign in
        </Button>
      </AuthCard>
    );
  }
  if (step.step === 'confirm') {
    return (
      <AuthCard
        title="Choose a new password"
        lead={
          <>
            Enter the code we sent to <strong>{step.email}</strong>.
          </>
        }
        footer={footer}
      >
        <ConfirmForm
          serverUrl={step.serverUrl}
          email={step.email}
          onDone={() => setStep({ step: 'done' })}
          onRestart={() => setStep({ step: 'request' })}
        />
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Reset your password" lead="We will email you a 6-digit code." footer={footer}>
      <RequestForm
        serverUrl={initialServerUrl(session)}
        email={session && session.status !== 'signedOut' ? session.user.email : ''}
        onSent={(serverUrl, email) => setStep({ step: 'confirm', serverUrl, email })}
      />
    </AuthCard>
  );
}

function RequestForm({
  serverUrl,
  email,
  onSent,
}: {
  serverUrl: string;
  email: string;
  onSent(serverUrl: string, email: string): void;
}) {
  const form = useZodForm(ipcMethods['session.requestPasswordReset'].input, { serverUrl, email });
  const { busy, refusal, run } = useSubmit();

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const input = form.validate();
    if (!input) return;
    await run(async () => {
      await invoke('session.requestPasswordReset', input);
      onSent(input.serverUrl, input.email);
    });
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="sm">
        <ErrorAlert message={refusal} title="Could not send the code" />
        <TextInput
          label="Email"
          type="email"
          autoComplete="email"
          value={form.values.email}
          error={form.errors.email}
          onChange={(e) => form.setField('email', e.currentTarget.value)}
          autoFocus
        />
        <TextInput
          label="Server URL"
          value={form.values.serverUrl}
          error={form.errors.serverUrl}
          onChange={(e) => form.setField('serverUrl', e.currentTarget.value)}
        />
        <Button type="submit" loading={busy} fullWidth>
          Send code
        </Button>
      </Stack>
    </form>
  );
}

function ConfirmForm({
  serverUrl,
  email,
  onDone,
  onRestart,
}: {
  serverUrl: string;
  email: string;
  onDone(): void;
  onRestart(): void;
}) {
  const form = useZodForm(ipcMethods['session.confirmPasswordReset'].input, {
    serverUrl,
    email,
    code: '',
    password: '',
  });
  const { busy, refusal, run } = useSubmit();

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const input = form.validate();
    if (!input) return;
    await run(async () => {
      await invoke('session.confirmPasswordReset', input);
      onDone();
    });
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="sm">
        <ErrorAlert message={refusal} title="Could not reset the password" />
        <TextInput
          label="Reset code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          value={form.values.code}
          error={form.errors.code}
          onChange={(e) => form.setField('code', e.currentTarget.value.replace(/\D/g, ''))}
          autoFocus
        />
        <PasswordInput
          visibilityToggleButtonProps={revealProps}
          label="New password"
          description="At least 10 characters"
          autoComplete="new-password"
          value={form.values.password}
          error={form.errors.password}
          onChange={(e) => form.setField('password', e.currentTarget.value)}
        />
        <Button type="submit" loading={busy} fullWidth>
          Reset password
        </Button>
        <Text size="sm" c="dimmed">
          No email?{' '}
          <Button variant="transparent" size="compact-sm" px={0} onClick={onRestart}>
            Send another code
          </Button>
        </Text>
      </Stack>
    </form>
  );
}
