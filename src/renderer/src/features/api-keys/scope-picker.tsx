import { Checkbox, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { permissionDescriptions, permissionGroups } from '@shared/permissions';
import type { Permission } from '@shared/permissions';

/** The scopes API-key routes check today; shown first. */
const keyScopes: readonly { scope: Permission; use: string }[] = [
  { scope: 'runs.execute', use: 'for a runner: claim, start and report runs' },
  { scope: 'usage.read', use: 'for reporting: read credit usage' },
];

/** Checkboxes for a key's scopes, offering only permissions the creator holds. */
export function ScopePicker({
  available,
  value,
  onChange,
  error,
}: {
  available: readonly Permission[];
  value: Permission[];
  onChange(scopes: Permission[]): void;
  error?: string | undefined;
}) {
  const mine = new Set(available);
  const primary = keyScopes.filter((k) => mine.has(k.scope));
  const primarySet = new Set(primary.map((k) => k.scope));
  const groups = permissionGroups
    .map((g) => ({ ...g, permissions: g.permissions.filter((p) => mine.has(p) && !primarySet.has(p)) }))
    .filter((g) => g.permissions.length > 0);

  return (
    <Checkbox.Group
      label="Scopes"
      description="What the key may do. You can give it only permissions you have yourself."
      value={value}
      onChange={(v) => onChange(v as Permission[])}
      error={error}
      required
    >
      <Stack gap="sm" mt="xs">
        {primary.map((k) => (
          <Checkbox key={k.scope} value={k.scope} label={k.scope} description={k.use} />
        ))}
        {groups.length > 0 ? (
          <Paper withBorder p="sm">
            <Text size="xs" c="dimmed" mb="xs">
              Other permissions you hold (no API-key route uses them yet)
            </Text>
            <ScrollArea.Autosize mah={200} type="auto">
              <Stack gap="sm">
                {groups.map((g) => (
                  <Stack key={g.key} gap={6}>
                    <Text size="xs" fw={600} tt="uppercase" c="dimmed">
                      {g.name}
                    </Text>
                    {g.permissions.map((p) => (
                      <Checkbox key={p} value={p} label={p} description={permissionDescriptions[p]} size="xs" />
                    ))}
                  </Stack>
                ))}
              </Stack>
            </ScrollArea.Autosize>
          </Paper>
        ) : null}
      </Stack>
    </Checkbox.Group>
  );
}
