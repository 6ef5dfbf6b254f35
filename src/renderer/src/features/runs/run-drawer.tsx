import {
  Alert,
  Button,
  Code,
  Drawer,
  Group,
  Loader,
  ScrollArea,
  SimpleGrid,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlayerStop, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import type { Run } from '@shared/schemas/automation';
import type { OrgSummary } from '@shared/ipc';
import { ErrorAlert, errorMessage } from '@renderer/components/error-alert';
import { invoke, mutate } from '@renderer/lib/api';
import { useAsync } from '@renderer/lib/use-async';
import { RunStatusBadge } from '@renderer/features/bots/status-badges';
import { dateTimeFormat, formatCredits, formatDuration } from '@renderer/features/bots/format';
import { useAppStore } from '@renderer/store';

type Props = { summary: OrgSummary; runId: string | null; version: number; onClose(): void };

/** One run: timings, who started it, its error, log excerpt and extracted data; cancel or retry it. */
export function RunDrawer({ summary, runId, version, onClose }: Props) {
  const orgId = summary.org.id;
  const run = useAsync<Run | null>(
    () => (runId ? invoke('runs.get', { orgId, runId }) : Promise.resolve(null)),
    `${orgId}:${runId}:${version}`,
  );
  return (
    <Drawer opened={runId !== null} onClose={onClose} position="right" size="xl" title="Run details">
      <ErrorAlert title="This run could not be opened" message={run.error} />
      {run.data ? <RunDetails summary={summary} run={run.data} /> : run.status === 'loading' ? <Loader /> : null}
    </Drawer>
  );
}

function RunDetails({ summary, run }: { summary: OrgSummary; run: Run }) {
  const online = useAppStore((s) => s.sync?.online ?? false);
  const [busy, setBusy] = useState<'cancel' | 'retry' | null>(null);
  const mayExecute = summary.permissions.includes('runs.execute');
  const cancellable = run.status === 'queued' || run.status === 'running';
  const retryable = run.status === 'failed' || run.status === 'cancelled';
  const act = async (kind: 'cancel' | 'retry') => {
    setBusy(kind);
    try {
      const result = await mutate(summary.org.id, kind === 'cancel' ? 'run.cancel' : 'run.retry', { runId: run.id });
      notifications.show({
        color: 'teal',
        title: kind === 'cancel' ? 'Run cancelled' : 'Run queued again',
        message:
          kind === 'cancel'
            ? `${run.botName} will not continue this run.`
            : `A new run of ${result.botName} is queued.`,
      });
    } catch (error) {
      notifications.show({
        color: 'red',
        title: kind === 'cancel' ? 'Not cancelled' : 'Not retried',
        message: errorMessage(error),
      });
    } finally {
      setBusy(null);
    }
  };
  const offlineHint = online ? undefined : 'Needs a connection to the server';
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <div>
          <Text fw={600} size="lg">
            {run.botName}
          </Text>
          <Text size="sm" c="dimmed">
            Started by {run.startedBy}
          </Text>
        </div>
        <RunStatusBadge status={run.status} />
      </Group>
      {mayExecute && (cancellable || retryable) ? (
        <Group gap="sm">
          {cancellable ? (
            <Tooltip label={offlineHint} disabled={online}>
              <Button
                color="red"
                variant="light"
                leftSection={<IconPlayerStop size={16} />}
                loading={busy === 'cancel'}
                disabled={!online}
                onClick={() => void act('cancel')}
              >
                Cancel run
              </Button>
            </Tooltip>
          ) : null}
          {retryable ? (
            <Tooltip label={offlineHint} disabled={online}>
              <Button
                variant="light"
                leftSection={<IconRefresh size={16} />}
                loading={busy === 'retry'}
                disabled={!online}
                onClick={() => void act('retry')}
              >
                Retry run
              </Button>
            </Tooltip>
          ) : null}
        </Group>
      ) : null}
      <SimpleGrid cols={3} spacing="sm">
        <Fact label="Queued" value={dateTimeFormat.format(new Date(run.queuedAt))} />
        <Fact label="Started" value={run.startedAt ? dateTimeFormat.format(new Date(run.startedAt)) : '—'} />
        <Fact label="Finished" value={run.finishedAt ? dateTimeFormat.format(new Date(run.finishedAt)) : '—'} />
        <Fact label="Duration" value={formatDuration(run.durationMs)} />
        <Fact label="Credits" value={formatCredits(run.credits)} />
        <Fact label="Run id" value={run.id} mono />
      </SimpleGrid>
      {run.error ? (
        <Alert color="red" variant="light" title="Error">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {run.error}
          </Text>
        </Alert>
      ) : null}
      <div>
        <Text size="sm" fw={600} mb={4}>
          Log excerpt
        </Text>
        {run.log ? (
          <ScrollArea.Autosize mah={280} type="auto">
            <Code block data-testid="run-log">
              {run.log}
            </Code>
          </ScrollArea.Autosize>
        ) : (
          <Text size="sm" c="dimmed">
            No log yet.
          </Text>
        )}
      </div>
      <div>
        <Text size="sm" fw={600} mb={4}>
          Extracted data
        </Text>
        {run.data ? (
          <ScrollArea.Autosize mah={280} type="auto">
            <Code block data-testid="run-data">
              {JSON.stringify(run.data, null, 2)}
            </Code>
          </ScrollArea.Autosize>
        ) : (
          <Text size="sm" c="dimmed">
            No data extracted.
          </Text>
        )}
      </div>
    </Stack>
  );
}

function Fact({ label, value, mono = false }: { label: string; value: string; mono?: boolean }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text size="sm" ff={mono ? 'monospace' : undefined} style={{ wordBreak: 'break-all' }}>
        {value}
      </Text>
    </div>
  );
}
