import { Navigate, Outlet } from 'react-router';
import { FullPageLoader, FullPageState } from '@renderer/components/full-page-state';
import { invoke } from '@renderer/lib/api';
import { useAsync } from '@renderer/lib/use-async';
import { useAppStore } from '@renderer/store';
import { refreshAll } from '@renderer/store/subscriptions';

/** Before anything else: the bridge must accept this page and the core must have said who is signed in. */
export function CoreReady({ children }: { children: React.ReactNode }) {
  const bridge = useAppStore((s) => s.bridge);
  const session = useAppStore((s) => s.session);
  const sessionError = useAppStore((s) => s.sessionError);
  if (bridge === 'unauthorized') {
    return (
      <FullPageState title="This page is not connected">
        The development bridge refused this page. Open the launch address the bridge printed when it started (it carries
        a one-time secret).
      </FullPageState>
    );
  }
  if (session === null && sessionError) {
    return (
      <FullPageState
        title="The desktop core did not answer"
        action={{ label: 'Try again', onClick: () => void refreshAll() }}
      >
        {sessionError}
      </FullPageState>
    );
  }
  if (session === null)
    return <FullPageLoader label={bridge === 'open' ? 'Starting Botdesk…' : 'Connecting to the desktop core…'} />;
  return children;
}

/** Pages that need a local workspace: signed in, or signed in before with an expired session. */
export function RequireWorkspace() {
  const session = useAppStore((s) => s.session);
  return <CoreReady>{session?.status === 'signedOut' ? <Navigate to="/sign-in" replace /> : <Outlet />}</CoreReady>;
}

/** `/`: the last active organization, else the personal workspace. */
export function RootRedirect() {
  return (
    <CoreReady>
      <RootTarget />
    </CoreReady>
  );
}

function RootTarget() {
  const session = useAppStore((s) => s.session);
  const orgs = useAppStore((s) => s.orgs);
  const signedOut = session?.status === 'signedOut';
  const last = useAsync(
    async () => (signedOut ? null : (await invoke('orgs.lastActive', {})).orgId),
    String(signedOut),
  );

  if (signedOut) return <Navigate to="/sign-in" replace />;
  const lastActive = last.status === 'ready' ? last.data : last.status === 'error' ? null : undefined;
  if (lastActive === undefined || orgs === null) return <FullPageLoader label="Opening your workspace…" />;
  const target = orgs.find((o) => o.org.id === lastActive) ?? orgs.find((o) => o.org.isPersonal) ?? orgs[0];
  if (!target) return <FullPageLoader label="Setting up your personal workspace…" />;
  return <Navigate to={`/orgs/${target.org.id}`} replace />;
}
