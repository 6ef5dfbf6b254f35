import { Button, Center, EmptyState, Group, Loader, Stack, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconClockPlay, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { Trigger } from '@shared/schemas/automation';
import { ConfirmModal } from '@renderer/components/confirm-modal';
import { ErrorAlert } from '@renderer/components/error-alert';
import { mutate } from '@renderer/lib/api';
import { canIn } from '@renderer/lib/membership';
import { useNow } from '@renderer/lib/use-now';
import { useOrg } from '@renderer/features/shell/org-gate';
import { useAppStore } from '@renderer/store';
import { isOnline } from '@renderer/store/sync-slice';
import { TriggerModal } from './trigger-modal';
import { TriggersTable } from './triggers-table';
import type { TriggerAction } from './triggers-table';
import { useTriggers } from './use-triggers';
import { RotateSecretModal, WebhookUrlModal } from './webhook-modals';

/** Every trigger of the org: schedules in words with their next fire, webhooks, manual triggers. */
export function TriggersPage() {
  const summary = useOrg();
  const data = useTriggers(summary);
  const now = useNow();
  const online = useAppStore((s) => isOnline(s.sync, s.bridge));
  const mayManage = canIn(summary, 'triggers.manage');
  const [editing, setEditing] = useState<Trigger | 'new' | null>(null);
  const [action, setAction] = useState<{ kind: Exclude<TriggerAction, 'edit'>; trigger: Trigger } | null>(null);
  const triggers = data.data?.triggers ?? null;
  const bots = data.data?.bots ?? [];
  const onAction = (kind: TriggerAction, trigger: Trigger) =>
    kind === 'edit' ? setEditing(trigger) : setAction({ kind, trigger });
  const target = (kind: Exclude<TriggerAction, 'edit'>) => (action?.kind === kind ? action.trigger : null);
  const createReason = !online
    ? 'Creating a trigger needs a connection to the server'
    : bots.length === 0
      ? 'Create a bot first: every trigger starts a bot'
      : null;

  return (
    <Stack gap="lg" maw={1180}>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={1} fz="h2">
            App Triggers
          </Title>
          <Text c="dimmed">Schedules, webhooks and manual triggers that start the bots of {summary.org.name}.</Text>
        </div>
        {mayManage ? (
          <Tooltip label={createReason} disabled={createReason === null}>
            <Button
              leftSection={<IconPlus size={16} />}
              data-disabled={createReason ? true : undefined}
              aria-disabled={createReason !== null}
              onClick={(e) => (createReason ? e.preventDefault() : setEditing('new'))}
            >
              Create trigger
            </Button>
          </Tooltip>
        ) : null}
      </Group>
      {data.status === 'error' ? <ErrorAlert title="Could not read the triggers" message={data.error} /> : null}
      {triggers === null && data.status === 'loading' ? (
        <Center h={160}>
          <Loader aria-label="Loading triggers" />
        </Center>
      ) : null}
      {triggers?.length === 0 ? (
        <EmptyState
          icon={<IconClockPlay size={28} />}
          title="No triggers yet"
          description={
            mayManage
              ? 'Start a bot on a schedule (cron with a time zone), from a signed webhook call, or by hand.'
              : 'Triggers appear here once someone who manages triggers creates one.'
          }
        />
      ) : null}
      {triggers && triggers.length > 0 ? (
        <TriggersTable summary={summary} triggers={triggers} now={now} onAction={onAction} />
      ) : null}
      <TriggerModal summary={summary} trigger={editing} bots={bots} onClose={() => setEditing(null)} />
      <WebhookUrlModal trigger={target('url')} onClose={() => setAction(null)} />
      <RotateSecretModal summary={summary} trigger={target('rotate')} onClose={() => setAction(null)} />
      <ConfirmModal
        opened={target('delete') !== null}
        onClose={() => setAction(null)}
        title={`Delete the trigger ${target('delete')?.name ?? ''}?`}
        confirmLabel="Delete trigger"
        disabledReason={online ? null : 'Deleting a trigger needs a connection to the server.'}
        onConfirm={async () => {
          const trigger = target('delete');
          if (!trigger) return;
          await mutate(summary.org.id, 'trigger.delete', { triggerId: trigger.id });
          notifications.show({ color: 'teal', title: 'Trigger deleted', message: trigger.name });
        }}
      >
        <Text size="sm">
          It stops firing at once{target('delete')?.kind === 'webhook' ? ' and its webhook URL stops working' : ''}.
          Runs it started stay in the history. This cannot be undone.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}
