import { Badge, Button, Center, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { SessionInfo } from '@shared/schemas/user';
import { ErrorAlert, errorMessage } from '@renderer/components/error-alert';
import { invoke } from '@renderer/lib/api';
import { useAsync } from '@renderer/lib/use-async';

/** Where this account is signed in; any session but this one can be ended here. */
export function SessionsCard() {
  const sessions = useAsync(() => invoke('account.sessions', {}), 'sessions');
  const [revoking, setRevoking] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);

  const revoke = async (id: string) => {
    setRevoking(id);
    setRefusal(null);
    try {
      await invoke('account.revokeSession', { id });
      sessions.reload();
    } catch (error) {
      setRefusal(errorMessage(error));
    } finally {
      setRevoking(null);
    }
  };

  return (
    <Paper withBorder p="lg">
      <Stack gap="md">
        <div>
          <Title order={2} fz="h4">
            Sessions
          </Title>
          <Text size="sm" c="dimmed">
            Computers and browsers signed in to your account.
          </Text>
        </div>
        <ErrorAlert message={refusal} title="Could not end the session" />
        {sessions.status === 'error' ? (
          <ErrorAlert message={sessions.error} title="Could not list your sessions" />
        ) : null}
        {sessions.data === null && sessions.status === 'loading' ? (
          <Center py="md">
            <Loader size="sm" aria-label="Loading sessions" />
          </Center>
        ) : null}
        {sessions.data?.length === 0 ? <Text c="dimmed">No active sessions.</Text> : null}
        {sessions.data && sessions.data.length > 0 ? (
          <Table.ScrollContainer minWidth={520}>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Device</Table.Th>
                  <Table.Th>Signed in</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th aria-label="Actions" />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sessions.data.map((s) => (
                  <SessionRow key={s.id} session={s} busy={revoking === s.id} onRevoke={() => void revoke(s.id)} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
      </Stack>
    </Paper>
  );
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function SessionRow({ session, busy, onRevoke }: { session: SessionInfo; busy: boolean; onRevoke(): void }) {
  const device = session.userAgent ? describeAgent(session.userAgent) : 'Unknown device';
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={500}>
          {device}{' '}
          {session.current ? (
            <Badge size="xs" variant="light" ml={4}>
              This computer
            </Badge>
          ) : null}
        </Text>
        {session.ipAddress ? (
          <Text size="xs" c="dimmed">
            {session.ipAddress}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{dateFormat.format(new Date(session.createdAt))}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{dateFormat.format(new Date(session.expiresAt))}</Text>
      </Table.Td>
      <Table.Td ta="right">
        {session.current ? (
          <Text size="xs" c="dimmed">
            Current
          </Text>
        ) : (
          <Button
            size="compact-sm"
            variant="light"
            color="red"
            loading={busy}
            onClick={onRevoke}
            aria-label={`Revoke session on ${device}`}
          >
            Revoke
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** A readable device name from a user agent, without a parsing library. */
function describeAgent(agent: string): string {
  if (/Botdesk|Electron/i.test(agent)) return 'Botdesk desktop';
  if (/node/i.test(agent)) return 'Botdesk desktop';
  const browser = /Edg\//.test(agent)
    ? 'Edge'
    : /Chrome\//.test(agent)
      ? 'Chrome'
      : /Firefox\//.test(agent)
        ? 'Firefox'
        : /Safari\//.test(agent)
          ? 'Safari'
          : 'Browser';
  const os = /Windows/.test(agent) ? 'Windows' : /Mac OS X/.test(agent) ? 'macOS' : /Linux/.test(agent) ? 'Linux' : '';
  return os ? `${browser} on ${os}` : browser;
}
