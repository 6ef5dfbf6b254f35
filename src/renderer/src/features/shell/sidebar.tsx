import { Badge, Box, Divider, Group, NavLink, ScrollArea, Stack, Text, ThemeIcon } from '@mantine/core';
import {
  IconBolt,
  IconBuilding,
  IconChartBar,
  IconCreditCard,
  IconHistory,
  IconKey,
  IconLayoutDashboard,
  IconListDetails,
  IconRobot,
  IconShieldLock,
  IconUserCircle,
  IconUsers,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { NavLink as RouterNavLink, useLocation } from 'react-router';
import type { OrgSummary } from '@shared/ipc';
import { OrgSwitcher } from './org-switcher';
import { visibleSections } from './sections';
import type { Section, SectionKey } from './sections';

const icons: Record<SectionKey, ReactNode> = {
  overview: <IconLayoutDashboard size={18} stroke={1.6} />,
  people: <IconUsers size={18} stroke={1.6} />,
  roles: <IconShieldLock size={18} stroke={1.6} />,
  bots: <IconRobot size={18} stroke={1.6} />,
  runs: <IconHistory size={18} stroke={1.6} />,
  triggers: <IconBolt size={18} stroke={1.6} />,
  'api-keys': <IconKey size={18} stroke={1.6} />,
  usage: <IconChartBar size={18} stroke={1.6} />,
  audit: <IconListDetails size={18} stroke={1.6} />,
  profile: <IconBuilding size={18} stroke={1.6} />,
  billing: <IconCreditCard size={18} stroke={1.6} />,
};

type SidebarProps = { summary: OrgSummary | null; onNavigate(): void; onCreateOrg(): void };

export function Sidebar({ summary, onNavigate, onCreateOrg }: SidebarProps) {
  const { pathname } = useLocation();
  const groups = summary ? visibleSections(summary.permissions) : { workspace: [], console: [], billing: [] };
  const base = summary ? `/orgs/${summary.org.id}` : null;

  const link = (section: Section) => {
    if (!base) return null;
    const to = section.path ? `${base}/${section.path}` : base;
    return (
      <NavLink
        key={section.key}
        component={RouterNavLink}
        to={to}
        end={section.path === ''}
        label={section.label}
        leftSection={icons[section.key]}
        active={section.path === '' ? pathname === base : pathname.startsWith(to)}
        onClick={onNavigate}
      />
    );
  };

  return (
    <Stack h="100%" gap={0} component="nav" aria-label="Main">
      <Group px="md" py="sm" gap="xs" wrap="nowrap">
        <ThemeIcon variant="gradient" gradient={{ from: 'indigo', to: 'cyan' }} radius="md" aria-hidden>
          <IconRobot size={18} />
        </ThemeIcon>
        <Box miw={0}>
          <Text fw={700} lh={1.2}>
            Botdesk
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {summary ? summary.org.name : 'User Center'}
          </Text>
        </Box>
        {summary ? (
          <Badge variant="light" size="xs" ml="auto" flex="none">
            {summary.role.name}
          </Badge>
        ) : null}
      </Group>
      <Divider />
      <ScrollArea flex={1} px="xs" py="sm" type="auto">
        {groups.workspace.map(link)}
        {groups.console.length > 0 ? <SectionHeading>Organization Console</SectionHeading> : null}
        {groups.console.map(link)}
        {groups.billing.length > 0 ? <SectionHeading>Billing</SectionHeading> : null}
        {groups.billing.map(link)}
        <SectionHeading>You</SectionHeading>
        <NavLink
          component={RouterNavLink}
          to={base ? `${base}/account` : '/account'}
          label="Account"
          leftSection={<IconUserCircle size={18} stroke={1.6} />}
          active={pathname.endsWith('/account')}
          onClick={onNavigate}
        />
      </ScrollArea>
      <Divider />
      <Box p="sm">
        <OrgSwitcher activeOrgId={summary?.org.id ?? null} onCreateOrg={onCreateOrg} />
      </Box>
    </Stack>
  );
}

function SectionHeading({ children }: { children: ReactNode }) {
  return (
    <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="md" pb={4}>
      {children}
    </Text>
  );
}
