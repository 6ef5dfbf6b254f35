import { Button, Center, Loader, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A whole-window message: loading, or something the person must act on before anything else. */
export function FullPageState({
  title,
  children,
  action,
}: {
  title: string;
  children?: ReactNode;
  action?: { label: string; onClick(): void };
}) {
  return (
    <Center mih="100vh" p="xl">
      <Stack align="center" gap="sm" maw={460} ta="center">
        <Title order={2}>{title}</Title>
        {children ? <Text c="dimmed">{children}</Text> : null}
        {action ? <Button onClick={action.onClick}>{action.label}</Button> : null}
      </Stack>
    </Center>
  );
}

export function FullPageLoader({ label }: { label: string }) {
  return (
    <Center mih="100vh">
      <Stack align="center" gap="sm" role="status" aria-live="polite">
        <Loader aria-hidden />
        <Text c="dimmed">{label}</Text>
      </Stack>
    </Center>
  );
}
