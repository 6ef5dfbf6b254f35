import { ActionIcon, Anchor, Badge, Menu, Paper, Switch, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconDots, IconKey, IconPencil, IconTrash, IconWorld } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { OrgSummary } from '@shared/ipc';
import type { TriggerWithBot } from '@shared/ipc-bots';
import { describeTrigger } from '@shared/schedule-words';
import type { Trigger } from '@shared/schemas/automation';
import { mutate } from '@renderer/lib/api';
import { canIn } from '@renderer/lib/membership';
import { useOptimisticToggle } from '@renderer/lib/use-pending-toggle';
import { fireTimeFormat, fromNow, triggerKindLabels } from './trigger-format';

export type TriggerAction = 'edit' | 'delete' | 'rotate' | 'url';

/** Every trigger with its bot, kind, schedule in words, next and last fire, and its toggle. */
export function TriggersTable({
  summary,
  triggers,
  now,
  onAction,
}: {
  summary: OrgSummary;
  triggers: TriggerWithBot[];
  now: number;
  onAction(action: TriggerAction, trigger: Trigger): void;
}) {
  const mayManage = canIn(summary, 'triggers.manage');
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={980}>
        <Table verticalSpacing="sm" highlightOnHover aria-label="Triggers">
          <Table.Thead style={{ whiteSpace: 'nowrap' }}>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Bot</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Fires</Table.Th>
              <Table.Th>Next fire</Table.Th>
              <Table.Th>Last fired</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {triggers.map(({ trigger: t, botName }) => (
              <Table.Tr key={t.id} data-trigger={t.name}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {t.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {botName ? (
                    <Anchor
                      component={Link}
                      to={`/orgs/${summary.org.id}/bots/${t.botId}`}
                      size="sm"
                      style={{ whiteSpace: 'nowrap' }}
                    >
                      {botName}
                    </Anchor>
                  ) : (
                    <Text size="sm" c="dimmed">
                      Unknown bot
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge
                    variant="light"
                    color={t.kind === 'schedule' ? 'blue' : t.kind === 'webhook' ? 'grape' : 'gray'}
                    style={{ minWidth: 'max-content' }}
                  >
                    {triggerKindLabels[t.kind]}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{describeTrigger(t)}</Text>
                </Table.Td>
                <Table.Td>
                  <NextFire trigger={t} now={now} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={t.lastFiredAt ? undefined : 'dimmed'}>
                    {t.lastFiredAt ? fromNow(t.lastFiredAt, now) : 'Never'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <TriggerSwitch summary={summary} trigger={t} />
                </Table.Td>
                <Table.Td>{mayManage ? <TriggerMenu trigger={t} onAction={onAction} /> : null}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

function NextFire({ trigger, now }: { trigger: Trigger; now: number }) {
  if (trigger.kind !== 'schedule')
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  if (!trigger.enabled)
    return (
      <Badge color="orange" variant="light">
        Paused
      </Badge>
    );
  if (!trigger.nextFireAt)
    return (
      <Text size="sm" c="dimmed">
        Being scheduled…
      </Text>
    );
  return (
    <div>
      <Text size="sm">{fireTimeFormat.format(new Date(trigger.nextFireAt))}</Text>
      <Text size="xs" c="dimmed">
        {fromNow(trigger.nextFireAt, now)}
      </Text>
    </div>
  );
}

/** Turns a trigger on or off at once (optimistic); a refusal reverts it and says why. */
function TriggerSwitch({ summary, trigger }: { summary: OrgSummary; trigger: Trigger }) {
  const mayManage = canIn(summary, 'triggers.manage');
  const { checked, toggle } = useOptimisticToggle({
    confirmed: trigger.enabled,
    orgId: summary.org.id,
    change: (enabled) => mutate(summary.org.id, 'trigger.setEnabled', { triggerId: trigger.id, enabled }),
    failure: (enabled) => `Could not ${enabled ? 'enable' : 'pause'} ${trigger.name}`,
  });
  return (
    <Switch
      checked={checked}
      onChange={(e) => void toggle(e.currentTarget.checked)}
      disabled={!mayManage}
      label="Enabled"
      aria-label={`${trigger.name} enabled`}
      title={mayManage ? undefined : 'Your role does not allow changing triggers'}
    />
  );
}

function TriggerMenu({ trigger, onAction }: { trigger: Trigger; onAction(action: TriggerAction, t: Trigger): void }) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${trigger.name}`}>
          <IconDots size={16} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => onAction('edit', trigger)}>
          Edit…
        </Menu.Item>
        {trigger.kind === 'webhook' ? (
          <>
            <Menu.Item leftSection={<IconWorld size={14} />} onClick={() => onAction('url', trigger)}>
              Webhook URL…
            </Menu.Item>
            <Menu.Item leftSection={<IconKey size={14} />} onClick={() => onAction('rotate', trigger)}>
              Rotate secret…
            </Menu.Item>
          </>
        ) : null}
        <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => onAction('delete', trigger)}>
          Delete…
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
