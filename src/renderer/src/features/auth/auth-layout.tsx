import { Anchor, Box, Center, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconRobot } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, Outlet } from 'react-router';
import { CoreReady } from '@renderer/features/shell/guards';

/** Sign-in, sign-up, verification and reset share one centered card. */
export function AuthLayout() {
  return (
    <CoreReady>
      <Center mih="100vh" p="md" bg="light-dark(var(--mantine-color-gray-0), var(--mantine-color-dark-8))">
        <Stack w="100%" maw={420} gap="lg">
          <Group gap="xs" justify="center">
            <ThemeIcon size="lg" variant="gradient" gradient={{ from: 'indigo', to: 'cyan' }} radius="md" aria-hidden>
              <IconRobot size={20} />
            </ThemeIcon>
            <Text fw={800} fz="xl">
              Botdesk
            </Text>
          </Group>
          <Outlet />
        </Stack>
      </Center>
    </CoreReady>
  );
}

/** The card of one auth screen: heading, optional lead, the form, links below. */
export function AuthCard({
  title,
  lead,
  children,
  footer,
}: {
  title: string;
  lead?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <Box>
      <Paper withBorder shadow="sm" p="xl" radius="lg">
        <Stack gap="md">
          <div>
            <Title order={1} fz="h3">
              {title}
            </Title>
            {lead ? (
              <Text c="dimmed" size="sm" mt={4}>
                {lead}
              </Text>
            ) : null}
          </div>
          {children}
        </Stack>
      </Paper>
      {footer ? (
        <Text ta="center" size="sm" mt="md" c="dimmed">
          {footer}
        </Text>
      ) : null}
    </Box>
  );
}

export function AuthLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Anchor component={Link} to={to} size="sm">
      {children}
    </Anchor>
  );
}
