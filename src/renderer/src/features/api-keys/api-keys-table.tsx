import { Badge, Button, Code, Group, Paper, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import type { ApiKeyListItem } from '@shared/ipc-api-keys';
import { relativeTime } from '@renderer/lib/relative-time';
import { apiKeyTypeLabels, keyDateFormat } from './use-api-keys';

/** Every key: name, prefix, type, scopes, creator (flagged when they left), created, last used, status. */
export function ApiKeysTable({
  keys,
  now,
  mayManage,
  revokeDisabledReason,
  onRevoke,
}: {
  keys: ApiKeyListItem[];
  now: number;
  mayManage: boolean;
  revokeDisabledReason: string | null;
  onRevoke(key: ApiKeyListItem): void;
}) {
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={900}>
        <Table verticalSpacing="sm" highlightOnHover aria-label="API keys">
          <Table.Thead>
            <Table.Tr style={{ whiteSpace: 'nowrap' }}>
              <Table.Th>Name and key</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Scopes</Table.Th>
              <Table.Th>Created by</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th>Status</Table.Th>
              {mayManage ? (
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              ) : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {keys.map((k) => (
              <KeyRow
                key={k.id}
                apiKey={k}
                now={now}
                mayManage={mayManage}
                revokeDisabledReason={revokeDisabledReason}
                onRevoke={onRevoke}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

function KeyRow({
  apiKey: k,
  now,
  mayManage,
  revokeDisabledReason,
  onRevoke,
}: {
  apiKey: ApiKeyListItem;
  now: number;
  mayManage: boolean;
  revokeDisabledReason: string | null;
  onRevoke(key: ApiKeyListItem): void;
}) {
  const revoked = k.revokedAt !== null;
  return (
    <Table.Tr data-api-key={k.name} c={revoked ? 'dimmed' : undefined}>
      <Table.Td>
        <Text size="sm" fw={500}>
          {k.name}
        </Text>
        <Code fz="xs" style={{ whiteSpace: 'nowrap' }}>
          {k.prefix}
        </Code>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm">{apiKeyTypeLabels[k.type]}</Text>
      </Table.Td>
      <Table.Td>
        <Group gap={4} maw={260}>
          {k.scopes.map((s) => (
            <Badge key={s} variant="light" color="gray" tt="none" size="sm">
              {s}
            </Badge>
          ))}
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{k.createdByName}</Text>
        {k.creatorLeft ? (
          <Tooltip label="The key keeps working: it belongs to the organization" withArrow>
            <Badge color="orange" variant="light" size="xs" tt="none" tabIndex={0}>
              Left the organization
            </Badge>
          </Tooltip>
        ) : null}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm">{keyDateFormat.format(new Date(k.createdAt))}</Text>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm" title={k.lastUsedAt ?? undefined}>
          {k.lastUsedAt ? relativeTime(k.lastUsedAt, now) : 'Never'}
        </Text>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        {revoked ? (
          <Tooltip label={`Revoked ${keyDateFormat.format(new Date(k.revokedAt ?? k.createdAt))}`} withArrow>
            <Badge color="red" variant="light" tabIndex={0}>
              Revoked
            </Badge>
          </Tooltip>
        ) : (
          <Badge color="teal" variant="light">
            Active
          </Badge>
        )}
      </Table.Td>
      {mayManage ? (
        <Table.Td>
          {revoked ? null : (
            <Group justify="flex-end">
              <Tooltip label={revokeDisabledReason} disabled={revokeDisabledReason === null}>
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  data-disabled={revokeDisabledReason ? true : undefined}
                  aria-disabled={revokeDisabledReason !== null}
                  onClick={(e) => (revokeDisabledReason ? e.preventDefault() : onRevoke(k))}
                  aria-label={`Revoke ${k.name}`}
                >
                  Revoke
                </Button>
              </Tooltip>
            </Group>
          )}
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}
