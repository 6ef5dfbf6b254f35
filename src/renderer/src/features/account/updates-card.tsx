import { Button, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import type { UpdateState } from '@shared/schemas/app';
import { useAppStore } from '@renderer/store';

function describe(update: UpdateState): string {
  switch (update.status) {
    case 'unsupported':
      return 'This build updates through its installer or package manager.';
    case 'idle':
      return update.checkedAt ? `Up to date (checked ${new Date(update.checkedAt).toLocaleString()}).` : 'Up to date.';
    case 'checking':
      return 'Checking for updates…';
    case 'downloading':
      return `Downloading version ${update.version}…`;
    case 'ready':
      return `Version ${update.version} is ready. Restart Botdesk to use it.`;
    case 'error':
      return `The last check failed: ${update.message}`;
  }
}

/** Version and updates: progress while downloading, and the restart once an update is ready. */
export function UpdatesCard() {
  const info = useAppStore((s) => s.appInfo);
  const update = useAppStore((s) => s.update);
  const check = useAppStore((s) => s.checkForUpdates);
  const install = useAppStore((s) => s.installUpdate);
  if (!info) return null;

  return (
    <Paper withBorder p="lg">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <div>
            <Title order={2} fz="h4">
              Botdesk {info.version}
            </Title>
            <Text size="sm" c={update.status === 'error' ? 'red' : 'dimmed'}>
              {describe(update)}
            </Text>
          </div>
          {update.status === 'ready' ? (
            <Button onClick={() => void install()}>Restart to update</Button>
          ) : update.status !== 'unsupported' ? (
            <Button
              variant="default"
              loading={update.status === 'checking'}
              disabled={update.status === 'downloading'}
              onClick={() => void check()}
            >
              Check for updates
            </Button>
          ) : null}
        </Group>
        {update.status === 'downloading' ? (
          <Progress value={update.percent} aria-label="Update download" animated />
        ) : null}
      </Stack>
    </Paper>
  );
}
