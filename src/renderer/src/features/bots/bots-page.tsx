import {
  Alert,
  Button,
  Center,
  EmptyState,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle, IconPlus, IconRobot } from '@tabler/icons-react';
import { useState } from 'react';
import type { OrgSummary } from '@shared/ipc';
import { planOf } from '@shared/plans';
import type { Bot } from '@shared/schemas/automation';
import { ErrorAlert } from '@renderer/components/error-alert';
import { canIn } from '@renderer/lib/membership';
import { useQueryFlag } from '@renderer/lib/use-query-flag';
import { useNow } from '@renderer/lib/use-now';
import { useOrg } from '@renderer/features/shell/org-gate';
import { useAppStore } from '@renderer/store';
import { isOnline } from '@renderer/store/sync-slice';
import { BotCard } from './bot-card';
import { BotModal } from './bot-modal';
import { DeleteBotModal } from './delete-bot-modal';
import { useBots } from './use-bots';

/** Every bot of the org with its live status, from the local copy; managers create, edit and delete. */
export function BotsPage() {
  const summary = useOrg();
  const data = useBots(summary);
  const now = useNow();
  const online = useAppStore((s) => isOnline(s.sync, s.bridge));
  const mayManage = canIn(summary, 'bots.manage');
  const createRequested = useQueryFlag('new') && mayManage;
  const [editing, setEditing] = useState<Bot | 'new' | null>(createRequested ? 'new' : null);
  const [deleting, setDeleting] = useState<Bot | null>(null);
  const bots = data.data;

  return (
    <Stack gap="lg" maw={1180}>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={1} fz="h2">
            Bots
          </Title>
          <Text c="dimmed">
            The bots of {summary.org.name}, with their live status.{' '}
            {bots ? <PlanUse summary={summary} count={bots.length} /> : null}
          </Text>
        </div>
        {mayManage ? (
          <CreateBotButton
            summary={summary}
            count={bots?.length ?? 0}
            online={online}
            onCreate={() => setEditing('new')}
          />
        ) : null}
      </Group>
      {!online ? (
        <Text size="sm" c="dimmed" role="status">
          You are offline: the toggles still work and are sent when you reconnect; Run now, creating, editing and
          deleting need a connection.
        </Text>
      ) : null}
      {mayManage && bots ? <LimitAlert summary={summary} count={bots.length} /> : null}
      {data.status === 'error' ? <ErrorAlert title="Could not read the bots" message={data.error} /> : null}
      {bots === null && data.status === 'loading' ? (
        <Center h={160}>
          <Loader aria-label="Loading bots" />
        </Center>
      ) : null}
      {bots?.length === 0 ? (
        <EmptyState
          icon={<IconRobot size={28} />}
          title="No bots yet"
          description={
            mayManage
              ? 'Create a bot, then start a runner with an API key that may execute runs.'
              : 'Bots appear here once someone who manages bots creates one.'
          }
        >
          {mayManage ? (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} disabled={!online}>
              Create your first bot
            </Button>
          ) : null}
        </EmptyState>
      ) : null}
      {bots && bots.length > 0 ? (
        <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="md">
          {bots.map((item) => (
            <BotCard
              key={item.bot.id}
              summary={summary}
              item={item}
              now={now}
              onEdit={setEditing}
              onDelete={setDeleting}
            />
          ))}
        </SimpleGrid>
      ) : null}
      <BotModal summary={summary} bot={editing} onClose={() => setEditing(null)} />
      <DeleteBotModal summary={summary} bot={deleting} onClose={() => setDeleting(null)} />
    </Stack>
  );
}

function PlanUse({ summary, count }: { summary: OrgSummary; count: number }) {
  const plan = planOf(summary.org.plan);
  if (plan.bots === null)
    return (
      <>
        {count} bots on the {plan.name} plan (no limit).
      </>
    );
  return (
    <>
      {count} of {plan.bots} bots on the {plan.name} plan.
    </>
  );
}

/** Said plainly before anyone fills a form the server would refuse with limit_reached. */
function LimitAlert({ summary, count }: { summary: OrgSummary; count: number }) {
  const plan = planOf(summary.org.plan);
  if (plan.bots === null || count < plan.bots) return null;
  return (
    <Alert color="yellow" variant="light" title="Bot limit reached" icon={<IconAlertTriangle size={18} />}>
      The {plan.name} plan includes {plan.bots} bots and all are in use. Delete a bot or upgrade the plan to create
      another.
    </Alert>
  );
}

function CreateBotButton({
  summary,
  count,
  online,
  onCreate,
}: {
  summary: OrgSummary;
  count: number;
  online: boolean;
  onCreate(): void;
}) {
  const plan = planOf(summary.org.plan);
  const full = plan.bots !== null && count >= plan.bots;
  const reason = !online
    ? 'Creating a bot needs a connection to the server'
    : full
      ? `The ${plan.name} plan includes ${plan.bots} bots and all are in use: delete one or upgrade the plan`
      : null;
  return (
    <Tooltip label={reason} disabled={reason === null} multiline w={280}>
      <Button
        leftSection={<IconPlus size={16} />}
        data-disabled={reason ? true : undefined}
        aria-disabled={reason !== null}
        onClick={(e) => {
          if (reason) e.preventDefault();
          else onCreate();
        }}
      >
        Create bot
      </Button>
    </Tooltip>
  );
}
