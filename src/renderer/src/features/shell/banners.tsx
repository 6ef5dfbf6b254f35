import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconDownload, IconKey, IconMailExclamation } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useAppStore } from '@renderer/store';

/** Nags that stay until dealt with: an unverified email, an expired session, an update to install. */
export function Banners() {
  const session = useAppStore((s) => s.session);
  const update = useAppStore((s) => s.update);
  const install = useAppStore((s) => s.installUpdate);
  if (!session || session.status === 'signedOut') return null;
  const unverified = !session.user.emailVerified;
  const expired = session.status === 'expired';
  const ready = update.status === 'ready' ? update.version : null;
  if (!unverified && !expired && !ready) return null;

  return (
    <Stack gap="sm" mb="lg">
      {ready ? (
        <Alert color="blue" variant="light" icon={<IconDownload size={18} />} title={`Botdesk ${ready} is ready`}>
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Text size="sm">Restart to finish updating. Changes waiting to sync are kept.</Text>
            <Button size="xs" onClick={() => void install()}>
              Restart to update
            </Button>
          </Group>
        </Alert>
      ) : null}
      {expired ? (
        <Alert color="orange" variant="light" icon={<IconKey size={18} />} title="Sign in again to sync">
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Text size="sm">
              {session.reason} You can keep reading what is on this computer; changes you make wait until you sign in.
            </Text>
            <Button component={Link} to="/sign-in" size="xs" color="orange">
              Sign in again
            </Button>
          </Group>
        </Alert>
      ) : null}
      {unverified ? (
        <Alert
          color="yellow"
          variant="light"
          icon={<IconMailExclamation size={18} />}
          title="Verify your email address"
        >
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Text size="sm">
              We sent a 6-digit code to {session.user.email}. Until you enter it, invitations and some actions stay
              locked.
            </Text>
            <Button component={Link} to="/verify-email" size="xs" variant="filled" color="yellow">
              Enter code
            </Button>
          </Group>
        </Alert>
      ) : null}
    </Stack>
  );
}
