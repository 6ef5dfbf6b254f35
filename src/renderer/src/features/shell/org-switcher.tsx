import { Avatar, Badge, Group, Kbd, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconCheck, IconPlus, IconSelector, IconMailOpened } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useAppStore } from '@renderer/store';
import { findOrg } from '@renderer/store/orgs-slice';
import classes from './org-switcher.module.css';

/** Organizations A–Z with the personal workspace first, as the switcher and spotlight list them. */
export function sortedOrgs<T extends { org: { name: string; isPersonal: boolean } }>(orgs: readonly T[]): T[] {
  return [...orgs].sort(
    (a, b) => Number(b.org.isPersonal) - Number(a.org.isPersonal) || a.org.name.localeCompare(b.org.name),
  );
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return (parts.length > 1 ? `${parts[0]?.[0] ?? ''}${parts[1]?.[0] ?? ''}` : name.slice(0, 2)).toUpperCase();
}

const isMac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.userAgent);

/** Sidebar footer: every org (personal marked, active checked) and "Create organization". */
export function OrgSwitcher({ activeOrgId, onCreateOrg }: { activeOrgId: string | null; onCreateOrg(): void }) {
  const orgs = useAppStore((s) => s.orgs);
  const navigate = useNavigate();
  const active = findOrg(orgs, activeOrgId);

  return (
    // Wider than the sidebar button, so an org name and its "Personal" mark fit side by side; a
    // label that may shrink (min-width 0) truncates long names instead of overflowing the menu.
    <Menu position="top-start" width={300} withinPortal shadow="md" styles={{ itemLabel: { minWidth: 0 } }}>
      <Menu.Target>
        <UnstyledButton className={classes.trigger} aria-label="Switch organization" w="100%">
          <Group gap="sm" wrap="nowrap">
            <Avatar size={32} radius="md" color="indigo" src={active?.org.logoUrl ?? null} alt="">
              {initials(active?.org.name ?? '?')}
            </Avatar>
            <div style={{ flex: 1, minWidth: 0 }}>
              <Text size="sm" fw={600} truncate>
                {active?.org.name ?? 'Choose an organization'}
              </Text>
              <Text size="xs" c="dimmed" truncate>
                {active?.org.isPersonal ? 'Personal workspace' : (active?.role.name ?? 'Organization')}
              </Text>
            </div>
            <IconSelector size={16} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Group justify="space-between">
            <span>Organizations</span>
            <span aria-label={`Shortcut: ${isMac ? 'Command' : 'Control'} K`}>
              <Kbd size="xs">{isMac ? '⌘' : 'Ctrl'}</Kbd> <Kbd size="xs">K</Kbd>
            </span>
          </Group>
        </Menu.Label>
        {orgs === null ? <Menu.Item disabled>Loading…</Menu.Item> : null}
        {sortedOrgs(orgs ?? []).map(({ org }) => (
          <Menu.Item
            key={org.id}
            onClick={() => void navigate(`/orgs/${org.id}`)}
            leftSection={
              <Avatar size={22} radius="sm" color="indigo" src={org.logoUrl} alt="">
                {initials(org.name)}
              </Avatar>
            }
            rightSection={org.id === activeOrgId ? <IconCheck size={16} aria-label="Active" /> : null}
            aria-current={org.id === activeOrgId ? 'true' : undefined}
          >
            <Group gap={6} wrap="nowrap">
              <Text size="sm" truncate miw={0} title={org.name}>
                {org.name}
              </Text>
              {org.isPersonal ? (
                <Badge size="xs" variant="light" color="gray" flex="none">
                  Personal
                </Badge>
              ) : null}
            </Group>
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item leftSection={<IconPlus size={16} />} onClick={onCreateOrg}>
          Create organization
        </Menu.Item>
        <Menu.Item leftSection={<IconMailOpened size={16} />} onClick={() => void navigate('/invitation')}>
          Join an organization
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
