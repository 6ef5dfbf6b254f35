import { Button, Center, Loader, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { EmptyState } from '@mantine/core';
import { IconBuildingOff, IconLock } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { Link, Outlet, useNavigate, useOutletContext, useParams } from 'react-router';
import type { OrgSummary } from '@shared/ipc';
import { ErrorAlert } from '@renderer/components/error-alert';
import { OwnershipNotice } from '@renderer/features/people/ownership-notice';
import { useAppStore } from '@renderer/store';
import { findOrg } from '@renderer/store/orgs-slice';
import { maySeeSection } from './sections';
import type { SectionKey } from './sections';

/** Pages under /orgs/:orgId get the org only once its local copy is complete, never a half-filled page. */
export function OrgGate() {
  const { orgId } = useParams();
  const orgs = useAppStore((s) => s.orgs);
  const orgsError = useAppStore((s) => s.orgsError);
  const loadOrgs = useAppStore((s) => s.loadOrgs);
  const setActiveOrg = useAppStore((s) => s.setActiveOrg);
  const summary = findOrg(orgs, orgId);
  const found = summary !== undefined;

  const navigate = useNavigate();
  const seen = useRef<string | null>(null);

  useEffect(() => {
    // Remembered so `/` and the next launch open here.
    if (orgId && found) void setActiveOrg(orgId);
  }, [orgId, found, setActiveOrg]);

  useEffect(() => {
    // The org shown here went away (removed, left, deleted): the notice says why; open the workspace.
    if (found) seen.current = orgId ?? null;
    else if (orgs !== null && seen.current === orgId) {
      seen.current = null;
      void navigate('/', { replace: true });
    }
  }, [orgId, found, orgs, navigate]);

  if (orgs === null && orgsError) {
    return (
      <Stack maw={520}>
        <ErrorAlert title="Could not read your organizations" message={orgsError} />
        <Button onClick={() => void loadOrgs()} w="fit-content">
          Try again
        </Button>
      </Stack>
    );
  }
  if (orgs === null) {
    return (
      <Center h={240} role="status">
        <Loader aria-label="Loading organization" />
      </Center>
    );
  }
  if (!summary) {
    return (
      <EmptyState
        icon={<IconBuildingOff size={28} />}
        title="This organization is not available"
        description="It may have been deleted, or you are no longer a member. Your other organizations are still here."
      >
        <Button component={Link} to="/">
          Go to my workspace
        </Button>
      </EmptyState>
    );
  }
  if (summary.local.state === 'bootstrapping') return <Bootstrapping summary={summary} />;
  return (
    <>
      <OwnershipNotice summary={summary} />
      <Outlet context={summary} />
    </>
  );
}

function Bootstrapping({ summary }: { summary: OrgSummary }) {
  const percent = Math.round(summary.local.progress * 100);
  return (
    <Center mih={320}>
      <Paper withBorder p="xl" maw={460} w="100%">
        <Stack gap="sm">
          <Title order={3}>Preparing {summary.org.name}</Title>
          <Text c="dimmed" size="sm">
            Botdesk is copying this organization to your computer so it works offline. It opens as soon as the copy is
            complete.
          </Text>
          <Progress value={percent} animated aria-label={`Copying ${summary.org.name}`} />
          <Text size="sm" role="status">
            {percent}% copied
          </Text>
        </Stack>
      </Paper>
    </Center>
  );
}

/** The org the gate let through, for pages below it. */
export function useOrg(): OrgSummary {
  return useOutletContext<OrgSummary>();
}

/** A section a member may not see answers plainly instead of rendering half a page. */
export function SectionGate({ section, children }: { section: SectionKey; children: ReactNode }) {
  const summary = useOrg();
  if (maySeeSection(summary.permissions, section)) return children;
  return (
    <EmptyState
      icon={<IconLock size={28} />}
      title="You do not have access to this section"
      description={`Your role in ${summary.org.name} (${summary.role.name}) does not include it. Ask an owner or admin if you need it.`}
    >
      <Button component={Link} to={`/orgs/${summary.org.id}`} variant="light">
        Back to overview
      </Button>
    </EmptyState>
  );
}
