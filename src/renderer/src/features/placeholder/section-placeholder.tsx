import { EmptyState, Stack, Title } from '@mantine/core';
import { IconClockHour4 } from '@tabler/icons-react';
import { sections } from '@renderer/features/shell/sections';
import type { SectionKey } from '@renderer/features/shell/sections';

const plans: Partial<Record<SectionKey, string>> = {
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
