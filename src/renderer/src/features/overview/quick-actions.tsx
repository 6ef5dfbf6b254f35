import { Button, Group, Paper, Title } from '@mantine/core';
import { IconBellPlus, IconKey, IconRobot, IconUserPlus } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { OrgSummary } from '@shared/ipc';
import type { Permission } from '@shared/permissions';
import { canIn } from '@renderer/lib/membership';

type QuickAction = { label: string; permission: Permission; path: string; icon: ReactNode };

// Each link asks its page to open the dialog at once (the page removes the flag from the address).
const actions: readonly QuickAction[] = [
  { label: 'Invite member', permission: 'members.invite', path: 'people?invite=1', icon: <IconUserPlus size={16} /> },
  { label: 'Create bot', permission: 'bots.manage', path: 'bots?new=1', icon: <IconRobot size={16} /> },
  { label: 'Create API key', permission: 'api_keys.manage', path: 'api-keys?new=1', icon: <IconKey size={16} /> },
  { label: 'Add alert', permission: 'alerts.manage', path: 'usage?newAlert=1', icon: <IconBellPlus size={16} /> },
];

/** The things a person most often comes here to start, limited to what their role allows. */
export function QuickActions({ summary }: { summary: OrgSummary }) {
  const allowed = actions.filter((a) => canIn(summary, a.permission));
  if (allowed.length === 0) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="quick-actions-title">
      <Title order={2} fz="h5" id="quick-actions-title" mb="sm">
        Quick actions
      </Title>
      <Group gap="sm">
        {allowed.map((a) => (
          <Button
            key={a.path}
            component={Link}
            to={`/orgs/${summary.org.id}/${a.path}`}
            variant="light"
            leftSection={a.icon}
          >
            {a.label}
          </Button>
        ))}
      </Group>
    </Paper>
  );
}
