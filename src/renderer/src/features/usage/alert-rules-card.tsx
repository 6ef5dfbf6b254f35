import { Button, Center, Divider, Group, Loader, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useQueryFlag } from '@renderer/lib/use-query-flag';
import type { OrgSummary } from '@shared/ipc';
import type { UsageSummary } from '@shared/ipc-usage';
import type { AlertRule } from '@shared/schemas/usage';
import { ConfirmModal } from '@renderer/components/confirm-modal';
import { ErrorAlert } from '@renderer/components/error-alert';
import { mutate } from '@renderer/lib/api';
import { canIn } from '@renderer/lib/membership';
import { useAppStore } from '@renderer/store';
import { isOnline } from '@renderer/store/sync-slice';
import { AlertRuleModal } from './alert-rule-modal';
import { ruleSentence } from './alert-rule-words';
import { AlertRulesTable } from './alert-rules-table';
import { MuteSwitch } from './mute-switch';
import { useActiveMembers, useAlertRules } from './use-usage';

/** The org's alert rules in words, their state and switch; create, edit and delete with alerts.manage. */
export function AlertRulesCard({
  summary,
  usage,
  onMutedChange,
}: {
  summary: OrgSummary;
  usage: UsageSummary | null;
  onMutedChange(): void;
}) {
  const orgId = summary.org.id;
  const rules = useAlertRules(orgId);
  const online = useAppStore((s) => isOnline(s.sync, s.bridge));
  const mayManage = canIn(summary, 'alerts.manage');
  // The Overview's "Add alert" quick action links here with `?newAlert=1`: the form opens at once.
  const askedToCreate = useQueryFlag('newAlert');
  const [editing, setEditing] = useState<AlertRule | 'new' | null>(askedToCreate && mayManage ? 'new' : null);
  const [deleting, setDeleting] = useState<AlertRule | null>(null);
  const list = rules.data;
  const namesNeeded = editing !== null || (list ?? []).some((r) => r.recipientMemberIds.length > 0);
  const members = useActiveMembers(summary, namesNeeded);
  const mayReadMembers = canIn(summary, 'members.read');
  const names = members.data ? new Map(members.data.map((m) => [m.id, m.alias ?? m.name])) : null;
  const offlineReason = online ? null : 'Needs a connection to the server';

  return (
    <Paper withBorder p="lg">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <div>
            <Title order={2} fz="h4">
              Alert rules
            </Title>
            <Text size="sm" c="dimmed">
              Each rule alerts once when the balance drops below its threshold, and re-arms when the balance recovers.
            </Text>
          </div>
          {mayManage ? (
            <Tooltip label={offlineReason} disabled={offlineReason === null}>
              <Button
                leftSection={<IconPlus size={16} />}
                data-disabled={offlineReason ? true : undefined}
                aria-disabled={offlineReason !== null}
                onClick={(e) => (offlineReason ? e.preventDefault() : setEditing('new'))}
              >
                New alert
              </Button>
            </Tooltip>
          ) : null}
        </Group>
        {!mayManage ? (
          <Text size="sm" c="dimmed">
            You can see these rules; changing them needs the alerts.manage permission.
          </Text>
        ) : null}
        {rules.status === 'error' ? <ErrorAlert title="Could not read the alert rules" message={rules.error} /> : null}
        {list === null && rules.status === 'loading' ? (
          <Center h={80}>
            <Loader size="sm" aria-label="Loading alert rules" />
          </Center>
        ) : null}
        {list?.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="alert-rules-empty">
            No alert rules: nobody hears about a low balance before bots stop.
            {mayManage ? ' Add one with New alert.' : ''}
          </Text>
        ) : null}
        {list && list.length > 0 ? (
          <AlertRulesTable
            summary={summary}
            rules={list}
            names={names}
            allowance={usage?.account?.allowance ?? null}
            offlineReason={offlineReason}
            onEdit={setEditing}
            onDelete={setDeleting}
          />
        ) : null}
        <Divider />
        <MuteSwitch summary={summary} usage={usage} onChanged={onMutedChange} />
      </Stack>
      <AlertRuleModal
        summary={summary}
        rule={editing}
        allowance={usage?.account?.allowance ?? null}
        members={mayReadMembers ? (members.data ?? []) : null}
        onClose={() => setEditing(null)}
      />
      <ConfirmModal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title="Delete this alert?"
        confirmLabel="Delete alert"
        disabledReason={online ? null : 'Deleting an alert needs a connection to the server.'}
        onConfirm={async () => {
          if (!deleting) return;
          await mutate(orgId, 'alertRule.delete', { ruleId: deleting.id });
          notifications.show({ color: 'teal', title: 'Alert deleted', message: ruleSentence(deleting, names) });
        }}
      >
        <Text size="sm">
          <strong>{deleting ? ruleSentence(deleting, names) : ''}</strong>
        </Text>
        <Text size="sm">Nobody is alerted by this rule any more. Past alerts stay in the list below.</Text>
      </ConfirmModal>
    </Paper>
  );
}
