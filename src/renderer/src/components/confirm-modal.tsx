import { Button, Group, Stack } from '@mantine/core';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { ErrorAlert, errorMessage } from './error-alert';
import { FreshModal } from './fresh-modal';

/**
 * Asks before a destructive or weighty action; stays open with the refusal when the action fails,
 * closes when it succeeds. Cancel has the focus, so Enter never confirms by accident.
 */
export function ConfirmModal({
  opened,
  onClose,
  title,
  children,
  confirmLabel,
  color = 'red',
  disabledReason,
  onConfirm,
}: {
  opened: boolean;
  onClose(): void;
  title: ReactNode;
  children: ReactNode;
  confirmLabel: string;
  color?: string;
  /** Shown instead of allowing the action (e.g. offline). */
  disabledReason?: string | null;
  onConfirm(): Promise<void>;
}) {
  return (
    <FreshModal opened={opened} onClose={onClose} title={title}>
      <ConfirmBody
        onClose={onClose}
        confirmLabel={confirmLabel}
        color={color}
        disabledReason={disabledReason ?? null}
        onConfirm={onConfirm}
      >
        {children}
      </ConfirmBody>
    </FreshModal>
  );
}

function ConfirmBody({
  children,
  onClose,
  confirmLabel,
  color,
  disabledReason,
  onConfirm,
}: {
  children: ReactNode;
  onClose(): void;
  confirmLabel: string;
  color: string;
  disabledReason: string | null;
  onConfirm(): Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setRefusal(null);
    try {
      await onConfirm();
      onClose();
    } catch (error) {
      setRefusal(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="md">
      {children}
      <ErrorAlert
        message={refusal ?? disabledReason}
        title={refusal ? 'That did not work' : 'Not available right now'}
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose} data-autofocus>
          Cancel
        </Button>
        <Button color={color} loading={busy} disabled={disabledReason !== null} onClick={() => void confirm()}>
          {confirmLabel}
        </Button>
      </Group>
    </Stack>
  );
}
