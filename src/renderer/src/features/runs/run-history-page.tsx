import { Badge, Button, Group, Loader, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCloudDownload, IconDownload, IconHistory, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { defaultRunSort } from '@shared/ipc-runs';
import type { RunHistoryFilters, RunHistorySort } from '@shared/ipc-runs';
import { runStatuses } from '@shared/schemas/automation';
import type { RunStatus } from '@shared/schemas/automation';
import { ErrorAlert } from '@renderer/components/error-alert';
import { invoke } from '@renderer/lib/api';
import { useCsvExport } from '@renderer/lib/use-csv-export';
import { useAsync } from '@renderer/lib/use-async';
import { useOrg } from '@renderer/features/shell/org-gate';
import { runStatusMeta } from '@renderer/features/bots/format';
import { useAppStore } from '@renderer/store';
import { RunDrawer } from './run-drawer';
import { RunsTable } from './runs-table';
import { useRunWindows } from './use-run-windows';

/** A `yyyy-mm-dd` from a date input as the instant its local day starts (or ends). */
function dayBound(day: string, end: boolean): string | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T00:00:00`);
  if (Number.isNaN(date.getTime())) return undefined;
  if (end) {
    date.setDate(date.getDate() + 1);
    date.setMilliseconds(-1);
  }
  return date.toISOString();
}

/** Bot Run History: every execution in the org, filtered, sorted and searched on this device. */
export function RunHistoryPage() {
  const summary = useOrg();
  const { org } = summary;
  const version = useAppStore((s) => s.dataVersion[org.id] ?? 0);
  const [botId, setBotId] = useState<string | null>(null);
  const [status, setStatus] = useState<RunStatus | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [text, setText] = useState('');
  const [debouncedText] = useDebouncedValue(text, 250);
  const [sort, setSort] = useState<RunHistorySort>(defaultRunSort);
  const [openRunId, setOpenRunId] = useState<string | null>(null);
  const { exporting, exportCsv: exportWith } = useCsvExport({
    name: 'runs',
    orgSlug: org.slug,
    what: 'Run history',
    unit: 'run',
  });
  const fromBound = dayBound(from, false);
  const toBound = dayBound(to, true);
  const filters: RunHistoryFilters = {
    ...(botId ? { botId } : {}),
    ...(status ? { status } : {}),
    ...(fromBound ? { from: fromBound } : {}),
    ...(toBound ? { to: toBound } : {}),
    ...(debouncedText.trim() ? { text: debouncedText } : {}),
  };
  const bots = useAsync(() => invoke('runs.bots', { orgId: org.id }), `${org.id}:${version}`);
  const view = useRunWindows(org.id, filters, sort, version);
  const meta = view.meta;
  const filtered = Object.keys(filters).length > 0;
  const fromServer = meta ? meta.total - meta.localTotal : 0;

  const exportCsv = () => exportWith(() => invoke('runs.exportCsv', { orgId: org.id, filters, sort }));

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} fz="h2">
            Bot Run History
          </Title>
          <Text c="dimmed">Every run in {org.name}: who started it, how it went, what it cost.</Text>
        </div>
        <Button
          leftSection={<IconDownload size={16} />}
          variant="default"
          loading={exporting}
          onClick={() => void exportCsv()}
        >
          Export CSV
        </Button>
      </Group>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          label="Search"
          placeholder="Words in the error or log"
          leftSection={<IconSearch size={16} />}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          w={240}
          maxLength={200}
        />
        <Select
          label="Bot"
          placeholder="Any bot"
          clearable
          searchable
          data={(bots.data ?? []).map((b) => ({ value: b.id, label: b.name }))}
          value={botId}
          onChange={setBotId}
          w={180}
        />
        <Select
          label="Status"
          placeholder="Any status"
          clearable
          data={runStatuses.map((s) => ({ value: s, label: runStatusMeta[s].label }))}
          value={status}
          onChange={(v) => setStatus(v as RunStatus | null)}
          w={150}
        />
        <TextInput label="From" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={150} />
        <TextInput label="To" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} w={150} />
      </Group>
      <Group gap="sm" mih={24}>
        {meta ? (
          <Text size="sm" c="dimmed" aria-live="polite" data-testid="runs-count">
            {meta.textCapped
              ? `More than ${meta.localTotal.toLocaleString()} runs match; showing the newest ${meta.localTotal.toLocaleString()} — add words or filters to narrow it`
              : `${meta.total.toLocaleString()} ${meta.total === 1 ? 'run' : 'runs'}${filtered ? ' match' : ''}`}
          </Text>
        ) : (
          <Loader size="xs" />
        )}
        {fromServer > 0 ? (
          <Badge variant="light" leftSection={<IconCloudDownload size={12} />}>
            {fromServer.toLocaleString()} older from the server
          </Badge>
        ) : null}
        {meta?.older === 'unsupported' && !meta.textCapped ? (
          <Text size="xs" c="dimmed">
            Sorted views cover the runs on this device; newest first also reaches older runs on the server.
          </Text>
        ) : null}
      </Group>
      <ErrorAlert title="The run history could not be read" message={view.error} />
      {meta && meta.total === 0 && meta.older !== 'more' && meta.older !== 'offline' ? (
        <Stack align="center" gap="xs" py="xl" data-testid="runs-empty">
          <IconHistory size={32} color="var(--mantine-color-dimmed)" />
          <Text fw={500}>{filtered ? 'No runs match these filters' : 'No runs yet'}</Text>
          <Text size="sm" c="dimmed">
            {filtered
              ? 'Try other words, another bot or status, or a wider date range.'
              : 'Runs appear here as soon as a bot runs.'}
          </Text>
        </Stack>
      ) : meta ? (
        <RunsTable
          meta={meta}
          sort={sort}
          onSort={setSort}
          row={(i) => view.row(i)}
          ensure={(first, last) => view.ensure(first, last)}
          onOpen={(run) => setOpenRunId(run.id)}
          onRetryOlder={() => view.retry()}
        />
      ) : (
        <Group justify="center" py="xl">
          <Loader />
        </Group>
      )}
      <RunDrawer summary={summary} runId={openRunId} version={version} onClose={() => setOpenRunId(null)} />
    </Stack>
  );
}
