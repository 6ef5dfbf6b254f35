import { Badge } from '@mantine/core';
import { Spotlight } from '@mantine/spotlight';
import type { SpotlightActionData } from '@mantine/spotlight';
import { IconBuilding, IconCheck, IconPlus, IconSearch, IconUser } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useAppStore } from '@renderer/store';
import { sortedOrgs } from './org-switcher';

/** Ctrl/Cmd+K: jump to any organization or create one, entirely by keyboard. */
export function OrgSpotlight({ onCreateOrg }: { onCreateOrg(): void }) {
  const orgs = useAppStore((s) => s.orgs);
  const activeOrgId = useAppStore((s) => s.activeOrgId);
  const navigate = useNavigate();

  const actions: SpotlightActionData[] = [
    ...sortedOrgs(orgs ?? []).map(({ org, role }) => ({
      id: org.id,
      label: org.name,
      description: org.isPersonal ? 'Personal workspace' : `${role.name} · ${org.slug}`,
      keywords: [org.slug],
      leftSection: org.isPersonal ? <IconUser size={18} /> : <IconBuilding size={18} />,
      rightSection:
        org.id === activeOrgId ? (
          <Badge size="xs" variant="light" leftSection={<IconCheck size={10} />}>
            Active
          </Badge>
        ) : null,
      onClick: () => void navigate(`/orgs/${org.id}`),
    })),
    {
      id: 'create-organization',
      label: 'Create organization',
      description: 'Start a new organization with its own people, bots and credits',
      leftSection: <IconPlus size={18} />,
      onClick: onCreateOrg,
    },
  ];

  return (
    <Spotlight
      actions={actions}
      shortcut={['mod + K']}
      nothingFound="No organization matches"
      highlightQuery
      scrollable
      maxHeight={360}
      // Gone at once when an action runs, so the modal it opens is the only "Create organization" on screen.
      transitionProps={{ duration: 0 }}
      searchProps={{
        leftSection: <IconSearch size={18} />,
        placeholder: 'Switch organization…',
        'aria-label': 'Search organizations',
      }}
    />
  );
}
