import { ActionIcon, Badge, Group, Menu, Switch, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconDots, IconPencil, IconTrash } from '@tabler/icons-react';
import type { OrgSummary } from '@shared/ipc';
import type { AlertRule } from '@shared/schemas/usage';
import { mutate } from '@renderer/lib/api';
import { canIn } from '@renderer/lib/membership';
import { useOptimisticToggle } from '@renderer/lib/use-pending-toggle';
import { ruleSentence, ruleStateHint, ruleStateOf } from './alert-rule-words';
import type { RuleState } from './alert-rule-words';

const stateBadges = {
  off: { label: 'Off', color: 'gray' },
  armed: { label: 'Armed', color: 'teal' },
  fired: { label: 'Fired', color: 'orange' },
} as const satisfies Record<RuleState, { label: string; color: string }>;

/** Each rule in words, whether it is armed or has fired, its switch, and its actions. */
export function AlertRulesTable({
  summary,
  rules,
  names,
  allowance,
  offlineReason,
  onEdit,
  onDelete,
}: {
  summary: OrgSummary;
  rules: AlertRule[];
  names: ReadonlyMap<string, string> | null;
  allowance: number | null;
  offlineReason: string | null;
  onEdit(rule: AlertRule): void;
  onDelete(rule: AlertRule): void;
}) {
  const mayManage = canIn(summary, 'alerts.manage');
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="sm" aria-label="Alert rules">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Rule</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Enabled</Table.Th>
            {mayManage ? (
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            ) : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rules.map((rule) => {
            const sentence = ruleSentence(rule, names);
            const state = stateBadges[ruleStateOf(rule)];
            return (
              <Table.Tr key={rule.id} data-alert-rule={sentence}>
                <Table.Td>
                  <Text size="sm">{sentence}</Text>
                </Table.Td>
                <Table.Td>
                  <Tooltip label={ruleStateHint(rule, allowance)} multiline w={260} withArrow>
                    <Badge
                      color={state.color}
                      variant="light"
                      tabIndex={0}
                      aria-label={`${state.label}: ${ruleStateHint(rule, allowance)}`}
                    >
                      {state.label}
                    </Badge>
                  </Tooltip>
                </Table.Td>
                <Table.Td>
                  <RuleSwitch summary={summary} rule={rule} sentence={sentence} />
                </Table.Td>
                {mayManage ? (
                  <Table.Td>
                    <RuleMenu
                      sentence={sentence}
                      offlineReason={offlineReason}
                      onEdit={() => onEdit(rule)}
                      onDelete={() => onDelete(rule)}
                    />
                  </Table.Td>
                ) : null}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Turns a rule on or off at once (optimistic, works offline); a refusal reverts it and says why. */
function RuleSwitch({ summary, rule, sentence }: { summary: OrgSummary; rule: AlertRule; sentence: string }) {
  const mayManage = canIn(summary, 'alerts.manage');
  const { checked, toggle } = useOptimisticToggle({
    confirmed: rule.enabled,
    orgId: summary.org.id,
    change: (enabled) => mutate(summary.org.id, 'alertRule.setEnabled', { ruleId: rule.id, enabled }),
    failure: (enabled) => `Could not turn ${enabled ? 'on' : 'off'} the alert`,
  });
  return (
    <Switch
      checked={checked}
      onChange={(e) => void toggle(e.currentTarget.checked)}
      disabled={!mayManage}
      aria-label={`${sentence}: enabled`}
      title={mayManage ? undefined : 'Your role does not allow changing alert rules'}
    />
  );
}

function RuleMenu({
  sentence,
  offlineReason,
  onEdit,
  onDelete,
}: {
  sentence: string;
  offlineReason: string | null;
  onEdit(): void;
  onDelete(): void;
}) {
  return (
    <Group justify="flex-end">
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${sentence}`}>
            <IconDots size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconPencil size={14} />} onClick={onEdit} disabled={offlineReason !== null}>
            Edit…
          </Menu.Item>
          <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={onDelete}>
            Delete…
          </Menu.Item>
          {offlineReason ? <Menu.Label>Editing and deleting need a connection</Menu.Label> : null}
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
