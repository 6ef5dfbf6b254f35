import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { useAppStore } from '@renderer/store';

/** Once the workspace shows (after sign-in and email verification), opens a waiting invitation's page once. */
export function OpenPendingInvitation() {
  const pending = useAppStore((s) => s.pendingInvitation !== null && !s.invitationOpened);
  const markOpened = useAppStore((s) => s.markInvitationOpened);
  const navigate = useNavigate();
  useEffect(() => {
    if (!pending) return;
    markOpened();
    void navigate('/invitation');
  }, [pending, markOpened, navigate]);
  return null;
}
