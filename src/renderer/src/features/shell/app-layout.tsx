import { AppShell, Burger, Group, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Outlet, useParams } from 'react-router';
import { OpenPendingInvitation } from '@renderer/features/invitations/open-pending-invitation';
import { CreateOrgModal } from '@renderer/features/orgs/create-org-modal';
import { useAppStore } from '@renderer/store';
import { findOrg } from '@renderer/store/orgs-slice';
import { Banners } from './banners';
import { OrgSpotlight } from './org-spotlight';
import { Sidebar } from './sidebar';
import { StatusBar } from './status-bar';

/** The User Center frame: sidebar for the org in the URL (or the last active one on /account), page, status bar. */
export function AppLayout() {
  const { orgId: routeOrgId } = useParams();
  const activeOrgId = useAppStore((s) => s.activeOrgId);
  const orgs = useAppStore((s) => s.orgs);
  const orgId = routeOrgId ?? activeOrgId ?? orgs?.find((o) => o.org.isPersonal)?.org.id ?? null;
  const summary = findOrg(orgs, orgId);
  const [navOpened, nav] = useDisclosure(false);
  const [createOpened, create] = useDisclosure(false);

  return (
    <AppShell
      header={{ height: { base: 48, sm: 0 } }}
      navbar={{ width: 272, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      footer={{ height: 34 }}
      padding="lg"
    >
      <AppShell.Header hiddenFrom="sm">
        <Group h="100%" px="md" gap="sm">
          <Burger
            opened={navOpened}
            onClick={nav.toggle}
            size="sm"
            aria-label={navOpened ? 'Close navigation' : 'Open navigation'}
          />
          <Text fw={700}>Botdesk</Text>
          {summary ? (
            <Text c="dimmed" truncate>
              {summary.org.name}
            </Text>
          ) : null}
        </Group>
      </AppShell.Header>
      <AppShell.Navbar>
        <Sidebar summary={summary ?? null} onNavigate={nav.close} onCreateOrg={create.open} />
      </AppShell.Navbar>
      <AppShell.Main>
        <Banners />
        <Outlet />
      </AppShell.Main>
      <AppShell.Footer>
        <StatusBar />
      </AppShell.Footer>
      <OrgSpotlight onCreateOrg={create.open} />
      <CreateOrgModal opened={createOpened} onClose={create.close} />
      <OpenPendingInvitation />
    </AppShell>
  );
}
