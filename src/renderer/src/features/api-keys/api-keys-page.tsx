import { Button, Center, EmptyState, Group, Loader, Stack, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconKey, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { ApiKeyListItem } from '@shared/ipc-api-keys';
import { ConfirmModal } from '@renderer/components/confirm-modal';
import { ErrorAlert } from '@renderer/components/error-alert';
import { mutate } from '@renderer/lib/api';
import { canIn } from '@renderer/lib/membership';
import { useQueryFlag } from '@renderer/lib/use-query-flag';
import { useNow } from '@renderer/lib/use-now';
import { useOrg } from '@renderer/features/shell/org-gate';
import { useAppStore } from '@renderer/store';
import { isOnline } from '@renderer/store/sync-slice';
import { ApiKeysTable } from './api-keys-table';
import { CreateApiKeyModal } from './create-api-key-modal';
import { useApiKeys } from './use-api-keys';

/** The org's API keys: who made them, what they may do, when they were last used; create and revoke. */
export function ApiKeysPage() {
  const summary = useOrg();
  const data = useApiKeys(summary);
  const now = useNow();
  const online = useAppStore((s) => isOnline(s.sync, s.bridge));
  const mayManage = canIn(summary, 'api_keys.manage');
  // Each opening of the create dialog gets a fresh instance, so a shown secret never reappears.
  const createRequested = useQueryFlag('new') && mayManage;
  const [creating, setCreating] = useState(createRequested);
  const [generation, setGeneration] = useState(0);
  const [revoking, setRevoking] = useState<ApiKeyListItem | null>(null);
  const keys = data.data;
  const offlineReason = online ? null : 'Needs a connection to the server';

  return (
    <Stack gap="lg" maw={1180}>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={1} fz="h2">
            API Keys
          </Title>
          <Text c="dimmed">
            Keys let runners and reporting tools act for {summary.org.name}. They belong to the organization, not to the
            person who made them.
          </Text>
        </div>
        {mayManage ? (
          <Tooltip label={offlineReason} disabled={offlineReason === null}>
            <Button
              leftSection={<IconPlus size={16} />}
              data-disabled={offlineReason ? true : undefined}
              aria-disabled={offlineReason !== null}
              onClick={(e) => {
                if (offlineReason) return e.preventDefault();
                setGeneration((g) => g + 1);
                setCreating(true);
              }}
            >
              Create API key
            </Button>
          </Tooltip>
        ) : null}
      </Group>
      {!mayManage ? (
        <Text size="sm" c="dimmed">
          You can see these keys; creating and revoking them needs the api_keys.manage permission.
        </Text>
      ) : null}
      {data.status === 'error' ? <ErrorAlert title="Could not read the API keys" message={data.error} /> : null}
      {keys === null && data.status === 'loading' ? (
        <Center h={160}>
          <Loader aria-label="Loading API keys" />
        </Center>
      ) : null}
      {keys?.length === 0 ? (
        <EmptyState
          icon={<IconKey size={28} />}
          title="No API keys yet"
          description={
            mayManage
              ? 'Create a key with runs.execute for a runner, or with usage.read for a reporting tool.'
              : 'Keys appear here once someone who manages API keys creates one.'
          }
        />
      ) : null}
      {keys && keys.length > 0 ? (
        <ApiKeysTable
          keys={keys}
          now={now}
          mayManage={mayManage}
          revokeDisabledReason={offlineReason}
          onRevoke={setRevoking}
        />
      ) : null}
      <CreateApiKeyModal key={generation} summary={summary} opened={creating} onClose={() => setCreating(false)} />
      <ConfirmModal
        opened={revoking !== null}
        onClose={() => setRevoking(null)}
        title={`Revoke ${revoking?.name ?? 'this key'}?`}
        confirmLabel="Revoke key"
        disabledReason={offlineReason}
        onConfirm={async () => {
          if (!revoking) return;
          await mutate(summary.org.id, 'apiKey.revoke', { keyId: revoking.id });
          notifications.show({
            color: 'teal',
            title: 'API key revoked',
            message: `${revoking.name} is refused from its next request on.`,
          });
        }}
      >
        <Text size="sm">
          Anything using <strong>{revoking?.prefix}</strong> is refused from its next request on. Revoking is permanent:
          to carry on, create a new key and give it to the runner or tool.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}
