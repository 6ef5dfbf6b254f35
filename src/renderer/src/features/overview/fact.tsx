import { Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** One figure of the Overview's top row: a label, the value, and a line under it. */
export function Fact({ label, value, children }: { label: string; value: string; children?: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={label}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fz="xl" fw={600} mt={4}>
        {value}
      </Text>
      {children}
    </Paper>
  );
}
