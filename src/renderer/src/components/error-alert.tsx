import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';

/** The refusal a person should read (the server's or the core's message), announced to screen readers. */
export function ErrorAlert({
  message,
  title = 'That did not work',
}: {
  message: string | null | undefined;
  title?: string;
}) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertCircle size={18} />} role="alert">
      {message}
    </Alert>
  );
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong';
}
