import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { ipcMethods } from '@shared/ipc';
import { ErrorAlert, errorMessage } from '@renderer/components/error-alert';
import { invoke } from '@renderer/lib/api';
import { useSubmit } from '@renderer/lib/use-submit';
import { useZodForm } from '@renderer/lib/use-zod-form';
import { useAppStore } from '@renderer/store';
import { AuthCard } from './auth-layout';

export function VerifyEmailPage() {
  const session = useAppStore((s) => s.session);
  const setSession = useAppStore((s) => s.setSession);
  const navigate = useNavigate();
  const form = useZodForm(ipcMethods['session.verifyEmail'].input, { code: '' });
  const { busy, refusal, setRefusal, run } = useSubmit();
  const [resend, setResend] = useState<'idle' | 'sending' | 'sent'>('idle');

  if (!session || session.status === 'signedOut') return <Navigate to="/sign-in" replace />;
  if (session.user.emailVerified) {
    return (
      <AuthCard title="Email verified" lead={`${session.user.email} is confirmed.`}>
        <Button component={Link} to="/">
          Continue to Botdesk
        </Button>
      </AuthCard>
    );
  }

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const input = form.validate();
    if (!input) return;
    await run(async () => {
      setSession(await invoke('session.verifyEmail', input));
      await navigate('/');
    });
  };

  const resendCode = async () => {
    setResend('sending');
    setRefusal(null);
    try {
      await invoke('session.resendVerification', {});
      setResend('sent');
    } catch (error) {
      setResend('idle');
      setRefusal(errorMessage(error));
    }
  };

  return (
    <AuthCard
      title="Verify your email"
      lead={
        <>
          Enter the 6-digit code we sent to <strong>{session.user.email}</strong>.
        </>
      }
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <ErrorAlert message={refusal} title="Could not verify" />
          <TextInput
            label="Verification code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            placeholder="123456"
            value={form.values.code}
            error={form.errors.code}
            onChange={(e) => form.setField('code', e.currentTarget.value.replace(/\D/g, ''))}
            styles={{ input: { letterSpacing: '0.4em', fontSize: 'var(--mantine-font-size-lg)' } }}
            autoFocus
          />
          <Button type="submit" loading={busy} fullWidth>
            Verify email
          </Button>
          <Group justify="space-between">
            <Button variant="subtle" size="compact-sm" onClick={() => void resendCode()} loading={resend === 'sending'}>
              Resend code
            </Button>
            <Button component={Link} to="/" variant="subtle" color="gray" size="compact-sm">
              Skip for now
            </Button>
          </Group>
          {resend === 'sent' ? (
            <Text size="sm" c="teal" role="status">
              A new code is on its way.
            </Text>
          ) : null}
        </Stack>
      </form>
    </AuthCard>
  );
}
