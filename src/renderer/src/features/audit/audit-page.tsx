import {
  Button,
  Center,
  EmptyState,
  Group,
  Loader,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconChevronLeft, IconChevronRight, IconDownload, IconHistory } from '@tabler/icons-react';
import { useState } from 'react';
import type { AuditCursor, AuditFilters } from '@shared/ipc';
import type { AuditEvent } from '@shared/schemas/people';
import { ErrorAlert } from '@renderer/components/error-alert';
import { invoke } from '@renderer/lib/api';
import { useCsvExport } from '@renderer/lib/use-csv-export';
import { useAsync } from '@renderer/lib/use-async';
import { useOrg } from '@renderer/features/shell/org-gate';
import { useAppStore } from '@renderer/store';

const pageSize = 50;
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

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

/** Who changed what and when, from the local copy of the org's audit log. */
export function AuditPage() {
  const { org } = useOrg();
  const version = useAppStore((s) => s.dataVersion[org.id] ?? 0);
  const [actorId, setActorId] = useState<string | null>(null);
  const [action, setAction] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // The cursors of the pages before the one shown: "Previous" pops one.
  const [cursors, setCursors] = useState<AuditCursor[]>([]);
  const { exporting, exportCsv: exportWith } = useCsvExport({
    name: 'audit',
    orgSlug: org.slug,
    what: 'Audit log',
    unit: 'event',
  });
  const filters: AuditFilters = {
    ...(actorId ? { actorId } : {}),
    ...(action ? { action } : {}),
    ...(dayBound(from, false) ? { from: dayBound(from, false) } : {}),
    ...(dayBound(to, true) ? { to: dayBound(to, true) } : {}),
  };
  const before = cursors.at(-1);
  const options = useAsync(async () => {
    const [members, actions] = await Promise.all([
      invoke('members.list', { orgId: org.id }),
      invoke('audit.actions', { orgId: org.id }),
    ]);
    return { members, actions };
  }, `${org.id}:${version}`);
  const page = useAsync(
    () => invoke('audit.list', { orgId: org.id, ...filters, limit: pageSize, ...(before ? { before } : {}) }),
    `${org.id}:${version}:${JSON.stringify(filters)}:${JSON.stringify(before ?? null)}`,
  );
  const resetPaging = () => setCursors([]);

  const exportCsv = () => exportWith(() => invoke('audit.exportCsv', { orgId: org.id, filters }));

  const events = page.data?.events ?? [];
  const filtered = Object.keys(filters).length > 0;
  return (
    <Stack gap="lg" maw={1180}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} fz="h2">
            Audit Log
          </Title>
          <Text c="dimmed">Every administrative change in {org.name}: who, what, when, before and after.</Text>
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
        <Select
          label="Actor"
          placeholder="Anyone"
          clearable
          searchable
          data={(options.data?.members ?? []).map((m) => ({ value: m.userId, label: m.alias ?? m.name }))}
          value={actorId}
          onChange={(v) => {
            setActorId(v);
            resetPaging();
          }}
          w={200}
        />
        <Select
          label="Action"
          placeholder="Any action"
          clearable
          searchable
          data={options.data?.actions ?? []}
          value={action}
          onChange={(v) => {
            setAction(v);
            resetPaging();
          }}
          w={240}
        />
        <TextInput
          label="From"
          type="date"
          value={from}
          onChange={(e) => {
            setFrom(e.currentTarget.value);
            resetPaging();
          }}
          w={170}
        />
        <TextInput
          label="To"
          type="date"
          value={to}
          onChange={(e) => {
            setTo(e.currentTarget.value);
            resetPaging();
          }}
          w={170}
        />
      </Group>
      {page.status === 'error' ? <ErrorAlert title="Could not read the audit log" message={page.error} /> : null}
      {page.data === null && page.status === 'loading' ? (
        <Center h={160}>
          <Loader aria-label="Loading audit events" />
        </Center>
      ) : null}
      {page.data && events.length === 0 ? (
        <EmptyState
          icon={<IconHistory size={28} />}
          title={filtered ? 'No events match these filters' : 'No audit events yet'}
          description={
            filtered
              ? 'Widen the date range or clear the actor and action.'
              : 'Changes to members, roles, keys, bots and settings appear here.'
          }
        />
      ) : null}
      {events.length > 0 ? <EventsTable events={events} /> : null}
      {page.data && (cursors.length > 0 || page.data.next) ? (
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            Page {cursors.length + 1}
          </Text>
          <Group gap="xs">
            <Button
              variant="default"
              leftSection={<IconChevronLeft size={16} />}
              disabled={cursors.length === 0}
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              Newer
            </Button>
            <Button
              variant="default"
              rightSection={<IconChevronRight size={16} />}
              disabled={!page.data.next}
              onClick={() => {
                const next = page.data?.next;
                if (next) setCursors((c) => [...c, next]);
              }}
            >
              Older
            </Button>
          </Group>
        </Group>
      ) : null}
    </Stack>
  );
}

function change(value: Record<string, unknown> | null): string {
  if (!value) return '—';
  return Object.entries(value)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

function EventsTable({ events }: { events: AuditEvent[] }) {
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={900}>
        <Table verticalSpacing="xs" striped aria-label="Audit events">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Time</Table.Th>
              <Table.Th>Actor</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Target</Table.Th>
              <Table.Th>Before</Table.Th>
              <Table.Th>After</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {events.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>
                  <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {dateTime.format(new Date(e.at))}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{e.actorName}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {e.action}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{e.targetLabel}</Text>
                  <Text size="xs" c="dimmed">
                    {e.targetType}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {change(e.before)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" lineClamp={2}>
                    {change(e.after)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
