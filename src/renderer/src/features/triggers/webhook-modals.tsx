import { Button, Group, Stack, Text } from '@mantine/core';
import { useRef, useState } from 'react';
import type { OrgSummary } from '@shared/ipc';
import type { Trigger, TriggerWithSecret } from '@shared/schemas/automation';
import { ConfirmModal } from '@renderer/components/confirm-modal';
import { FreshModal } from '@renderer/components/fresh-modal';
import { mutate } from '@renderer/lib/api';
import { useAppStore } from '@renderer/store';
import { isOnline } from '@renderer/store/sync-slice';
import { WebhookSecret, WebhookUrl } from './webhook-secret';

/** Where a webhook trigger is called (the secret itself cannot be shown again). */
export function WebhookUrlModal({ trigger, onClose }: { trigger: Trigger | null; onClose(): void }) {
  return (
    <FreshModal opened={trigger !== null} onClose={onClose} title={`Webhook ${trigger?.name ?? ''}`} size="lg">
      {trigger ? (
        <Stack>
          <WebhookUrl trigger={trigger} />
          <Text size="sm" c="dimmed">
            The secret was shown once when the trigger was created or last rotated
            {trigger.secretRotatedAt ? ` (${new Date(trigger.secretRotatedAt).toLocaleString()})` : ''}. Lost it? Rotate
            it.
          </Text>
          <Group justify="flex-end">
            <Button onClick={onClose}>Close</Button>
          </Group>
        </Stack>
      ) : null}
    </FreshModal>
  );
}

/** Asks, rotates (the old secret stops verifying at once), then shows the new secret once. */
export function RotateSecretModal({
  summary,
  trigger,
  onClose,
}: {
  summary: OrgSummary;
  trigger: Trigger | null;
  onClose(): void;
}) {
  const online = useAppStore((s) => isOnline(s.sync, s.bridge));
  const [rotated, setRotated] = useState<TriggerWithSecret | null>(null);
  // The confirm modal closes itself after a success; by then the secret must take its place instead.
  const justRotated = useRef(false);
  const close = () => {
    justRotated.current = false;
    setRotated(null);
    onClose();
  };
  return (
    <>
      <ConfirmModal
        opened={trigger !== null && rotated === null}
        onClose={() => {
          if (!justRotated.current) close();
        }}
        title={`Rotate the secret of ${trigger?.name ?? ''}?`}
        confirmLabel="Rotate secret"
        color="orange"
        disabledReason={online ? null : 'Rotating a secret needs a connection to the server.'}
        onConfirm={async () => {
          if (!trigger) return;
          const result = await mutate(summary.org.id, 'trigger.rotateSecret', { triggerId: trigger.id });
          justRotated.current = true;
          setRotated(result);
        }}
      >
        <Text size="sm">
          The current secret stops working at once: callers must switch to the new one, which is shown only once.
        </Text>
      </ConfirmModal>
      <FreshModal opened={rotated !== null} onClose={close} title="New webhook secret" size="lg">
        {rotated?.secret ? (
          <Stack>
            <WebhookSecret trigger={rotated.trigger} secret={rotated.secret} />
            <Group justify="flex-end">
              <Button onClick={close}>Done</Button>
            </Group>
          </Stack>
        ) : null}
      </FreshModal>
    </>
  );
}
