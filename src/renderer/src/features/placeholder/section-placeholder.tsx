import { EmptyState, Stack, Title } from '@mantine/core';
import { IconClockHour4 } from '@tabler/icons-react';
import { sections } from '@renderer/features/shell/sections';
import type { SectionKey } from '@renderer/features/shell/sections';

const plans: Partial<Record<SectionKey, string>> = {
  bots: 'Bots arrive in a later release: enabling and disabling bots, their live status and pricing.',
  runs: 'Bot run history arrives in a later release: every run with its status, duration, credits and log.',
  triggers: 'App triggers arrive in a later release: schedules, webhooks and manual triggers for your bots.',
  'api-keys': 'API keys arrive in a later release: keys for runners and integrations, with scopes and usage.',
  audit: 'The audit log arrives in a later release: who changed what in this organization, and when.',
  billing: 'Billing arrives in a later release: plans, credit balance, top-ups and usage alerts.',
};

/** A section not built yet says so plainly; it never shows made-up data. */
export function SectionPlaceholder({ section }: { section: SectionKey }) {
  const label = sections.find((s) => s.key === section)?.label ?? 'This section';
  return (
    <Stack gap="lg">
      <Title order={1} fz="h2">
        {label}
      </Title>
      <EmptyState
        icon={<IconClockHour4 size={28} />}
        title="Not available yet"
        description={plans[section] ?? `${label} arrives in a later release.`}
      />
    </Stack>
  );
}
