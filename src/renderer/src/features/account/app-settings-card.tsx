import { Alert, Group, Paper, SegmentedControl, Select, Stack, Switch, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { AppSettings, SecretStorage } from '@shared/schemas/app';
import { useAppStore } from '@renderer/store';

const runHistoryLimits = [50_000, 100_000, 200_000, 500_000, 1_000_000];

const storageLabels: Record<SecretStorage, string> = {
  keychain: 'Your session is kept in the system keychain.',
  safeStorage: 'Your session is kept encrypted with a key your operating system holds for you.',
  memory: 'Your session is kept in memory only.',
};

/** This computer's settings: appearance, the tray, notifications, and where the session is kept. */
export function AppSettingsCard() {
  const settings = useAppStore((s) => s.settings);
  const info = useAppStore((s) => s.appInfo);
  const updateSettings = useAppStore((s) => s.updateSettings);
  if (!settings || !info) return null;
  const change = (patch: Partial<AppSettings>) => void updateSettings(patch);

  return (
    <Paper withBorder p="lg">
      <Stack gap="md">
        <Title order={2} fz="h4">
          This computer
        </Title>
        <div>
          <Text size="sm" fw={500} mb={6} id="theme-label">
            Appearance
          </Text>
          <SegmentedControl
            aria-labelledby="theme-label"
            value={settings.theme}
            onChange={(theme) => change({ theme: theme as AppSettings['theme'] })}
            data={[
              { value: 'system', label: 'System' },
              { value: 'light', label: 'Light' },
              { value: 'dark', label: 'Dark' },
            ]}
          />
        </div>
        <Select
          label="Run history kept on this computer"
          description="Per organization, newest first. Older runs load from the server when you scroll to them."
          value={String(settings.runHistoryLimit)}
          onChange={(v) => v && change({ runHistoryLimit: Number(v) })}
          allowDeselect={false}
          w={320}
          data={[...new Set([...runHistoryLimits, settings.runHistoryLimit])]
            .sort((a, b) => a - b)
            .map((n) => ({ value: String(n), label: `${n.toLocaleString()} runs` }))}
        />
        <Switch
          label="Pause desktop notifications"
          description="Credit alerts and sync problems still show inside Botdesk."
          checked={settings.notificationsPaused}
          onChange={(e) => change({ notificationsPaused: e.currentTarget.checked })}
        />
        {info.desktop ? (
          <Switch
            label="Keep Botdesk in the tray when the window closes"
            description="So alerts reach you while the window is closed. Quit from the tray menu."
            checked={settings.closeToTray}
            onChange={(e) => change({ closeToTray: e.currentTarget.checked })}
          />
        ) : null}
        {info.secretStorageNote ? (
          <Alert
            color="orange"
            variant="light"
            icon={<IconLock size={18} />}
            title="You sign in each time Botdesk starts"
          >
            {info.secretStorageNote}
          </Alert>
        ) : (
          <Group gap="xs">
            <IconLock size={16} />
            <Text size="sm" c="dimmed">
              {storageLabels[info.secretStorage]}
            </Text>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
