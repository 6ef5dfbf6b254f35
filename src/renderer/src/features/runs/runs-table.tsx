import { Badge, Button, Group, Skeleton, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort, IconCloudDownload, IconPlugConnectedX } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { RunHistorySort, RunSummary, RunWindow } from '@shared/ipc-runs';
import { RunStatusBadge } from '@renderer/features/bots/status-badges';
import { dateTimeFormat, formatCredits, formatDuration } from '@renderer/features/bots/format';
import classes from './runs-table.module.css';

export const ROW_HEIGHT = 44;

type Column = { id: string; label: string; width: string; sort?: RunHistorySort['key']; align?: 'right' };
const columns: Column[] = [
  { id: 'bot', label: 'Bot', width: 'minmax(140px, 1.2fr)' },
  { id: 'startedBy', label: 'Started by', width: 'minmax(120px, 1fr)' },
  { id: 'status', label: 'Status', width: '136px' },
  { id: 'start', label: 'Start', width: '180px', sort: 'queuedAt' },
  { id: 'duration', label: 'Duration', width: '104px', sort: 'durationMs', align: 'right' },
  { id: 'credits', label: 'Credits', width: '104px', sort: 'credits', align: 'right' },
  { id: 'error', label: 'Error', width: 'minmax(160px, 2fr)' },
];
const template = columns.map((c) => c.width).join(' ');

type Props = {
  meta: RunWindow;
  sort: RunHistorySort;
  onSort(sort: RunHistorySort): void;
  row(index: number): RunSummary | null;
  ensure(first: number, last: number): void;
  onOpen(run: RunSummary): void;
  onRetryOlder(): void;
};

/** The history, virtualized: fixed-height rows, only those on screen exist in the DOM, windows load as they scroll in. */
export function RunsTable({ meta, sort, onSort, row, ensure, onOpen, onRetryOlder }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const footer = meta.older === 'more' || meta.older === 'offline' || meta.olderError !== null;
  const count = meta.total + (footer ? 1 : 0);
  // TanStack Virtual keeps its own state outside React; the compiler leaves this component as written.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  // Again when the view grows (an older page arrived) so a short window at its old end fills up.
  const total = meta.total;
  useEffect(() => {
    if (total >= 0) ensure(first, last);
  }, [first, last, ensure, total]);

  return (
    <div className={classes.table} role="table" aria-label="Bot runs" aria-rowcount={meta.total + 1}>
      <div className={classes.header} role="row" style={{ gridTemplateColumns: template }}>
        {columns.map((c) => (
          <HeaderCell key={c.id} column={c} sort={sort} onSort={onSort} />
        ))}
      </div>
      <div ref={scroller} className={classes.scroller} data-testid="runs-scroller">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const style = {
              transform: `translateY(${item.start}px)`,
              height: ROW_HEIGHT,
              gridTemplateColumns: template,
            };
            if (item.index >= meta.total) {
              return (
                <div key="older" className={classes.footer} style={style} role="row">
                  <OlderFooter meta={meta} onRetry={onRetryOlder} />
                </div>
              );
            }
            const run = row(item.index);
            return run ? (
              <RunRow key={item.key} run={run} index={item.index} style={style} onOpen={onOpen} />
            ) : (
              <div key={item.key} className={classes.row} style={style} role="row" aria-busy="true">
                {columns.map((c) => (
                  <div key={c.id} className={classes.cell} role="cell">
                    <Skeleton height={10} width="70%" radius="sm" />
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function HeaderCell({
  column,
  sort,
  onSort,
}: {
  column: Column;
  sort: RunHistorySort;
  onSort(s: RunHistorySort): void;
}) {
  const label = (
    <Text size="xs" fw={700} tt="uppercase" c="dimmed">
      {column.label}
    </Text>
  );
  if (!column.sort) {
    return (
      <div className={classes.cell} role="columnheader">
        {label}
      </div>
    );
  }
  const active = sort.key === column.sort;
  const Icon = !active ? IconArrowsSort : sort.dir === 'asc' ? IconArrowUp : IconArrowDown;
  const next: RunHistorySort = { key: column.sort, dir: active && sort.dir === 'desc' ? 'asc' : 'desc' };
  return (
    <div
      className={classes.cell}
      role="columnheader"
      aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
      style={column.align === 'right' ? { justifyContent: 'flex-end' } : undefined}
    >
      <UnstyledButton
        className={classes.sortButton}
        onClick={() => onSort(next)}
        aria-label={`Sort by ${column.label}`}
      >
        <Group gap={4} wrap="nowrap">
          {label}
          <Icon size={14} aria-hidden color={active ? 'var(--mantine-color-blue-6)' : 'var(--mantine-color-dimmed)'} />
        </Group>
      </UnstyledButton>
    </div>
  );
}

type RowProps = { run: RunSummary; index: number; style: React.CSSProperties; onOpen(run: RunSummary): void };

function RunRow({ run, index, style, onOpen }: RowProps) {
  return (
    <div
      className={classes.row}
      style={style}
      role="row"
      aria-rowindex={index + 2}
      tabIndex={0}
      data-run-id={run.id}
      onClick={() => onOpen(run)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onOpen(run);
        }
      }}
    >
      <div className={classes.cell} role="cell">
        <Text size="sm" fw={500} truncate>
          {run.botName}
        </Text>
      </div>
      <div className={classes.cell} role="cell">
        <Text size="sm" truncate c="dimmed">
          {run.startedBy}
        </Text>
      </div>
      <div className={classes.cell} role="cell">
        <RunStatusBadge status={run.status} />
      </div>
      <div className={classes.cell} role="cell">
        <Group gap={6} wrap="nowrap">
          <Text size="sm">{dateTimeFormat.format(new Date(run.queuedAt))}</Text>
          {run.source === 'server' ? (
            <Tooltip label="An older run loaded from the server; not kept on this device">
              <IconCloudDownload size={14} aria-label="from the server" color="var(--mantine-color-dimmed)" />
            </Tooltip>
          ) : null}
        </Group>
      </div>
      <div className={classes.cell} role="cell" style={{ justifyContent: 'flex-end' }}>
        <Text size="sm">{formatDuration(run.durationMs)}</Text>
      </div>
      <div className={classes.cell} role="cell" style={{ justifyContent: 'flex-end' }}>
        <Text size="sm">{formatCredits(run.credits)}</Text>
      </div>
      <div className={classes.cell} role="cell">
        <Text size="sm" c="red.7" truncate title={run.error ?? undefined}>
          {run.error ?? ''}
        </Text>
      </div>
    </div>
  );
}

function OlderFooter({ meta, onRetry }: { meta: RunWindow; onRetry(): void }) {
  if (meta.olderError) {
    return (
      <Group gap="sm">
        <Text size="sm" c="red">
          Older runs could not be loaded: {meta.olderError}
        </Text>
        <Button size="compact-xs" variant="light" onClick={onRetry}>
          Retry
        </Button>
      </Group>
    );
  }
  if (meta.older === 'offline') {
    return (
      <Group gap={6}>
        <IconPlugConnectedX size={16} aria-hidden />
        <Text size="sm" c="dimmed">
          Older runs need a connection: this device keeps the newest {meta.localTotal.toLocaleString()} that match.
        </Text>
      </Group>
    );
  }
  return (
    <Group gap={6}>
      <Badge variant="light" leftSection={<IconCloudDownload size={12} />}>
        Server
      </Badge>
      <Text size="sm" c="dimmed">
        Loading older runs from the server…
      </Text>
    </Group>
  );
}
