import { Anchor, Button, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconPencil, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '@renderer/components/error-alert';
import { canIn } from '@renderer/lib/membership';
import { useNow } from '@renderer/lib/use-now';
import { useOrg } from '@renderer/features/shell/org-gate';
import { BotEnabledSwitch, RunNowButton } from './bot-actions';
import { LiveProgress } from './bot-card';
import {
  ConfigurationSection,
  FiguresGrid,
  RecentRunsSection,
  RunnersSection,
  TriggersSection,
} from './bot-detail-sections';
import { BotModal } from './bot-modal';
import { DeleteBotModal } from './delete-bot-modal';
import { BotStatusBadge } from './status-badges';
import { useBotDetail } from './use-bots';

/** One bot: its configuration, triggers, runners, recent runs and 30-day figures, live. */
export function BotDetailPage() {
  const summary = useOrg();
  const { botId = '' } = useParams();
  const navigate = useNavigate();
  const data = useBotDetail(summary, botId);
  const now = useNow();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const mayManage = canIn(summary, 'bots.manage');
  const orgId = summary.org.id;
  const detail = data.data?.bot.id === botId ? data.data : null;

  return (
    <Stack gap="lg" maw={1180}>
      <Anchor component={Link} to={`/orgs/${orgId}/bots`} size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Bots
        </Group>
      </Anchor>
      {data.status === 'error' ? <ErrorAlert title="Could not read this bot" message={data.error} /> : null}
      {detail === null && data.status === 'loading' ? (
        <Center h={160}>
          <Loader aria-label="Loading bot" />
        </Center>
      ) : null}
      {detail ? (
        <>
          <Group justify="space-between" align="flex-start" wrap="wrap">
            <div>
              <Group gap="sm">
                <Title order={1} fz="h2">
                  {detail.bot.name}
                </Title>
                <BotStatusBadge status={detail.bot.status} />
              </Group>
              <Text c="dimmed" size="sm">
                Figures count the runs on this device.
              </Text>
            </div>
            <Group gap="sm">
              <BotEnabledSwitch summary={summary} bot={detail.bot} />
              <RunNowButton summary={summary} bot={detail.bot} size="sm" />
              {mayManage ? (
                <>
                  <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
                    Edit
                  </Button>
                  <Button
                    variant="light"
                    color="red"
                    leftSection={<IconTrash size={16} />}
                    onClick={() => setDeleting(true)}
                  >
                    Delete
                  </Button>
                </>
              ) : null}
            </Group>
          </Group>
          <LiveProgress bot={detail.bot} />
          <FiguresGrid detail={detail} />
          <ConfigurationSection detail={detail} />
          <TriggersSection orgId={orgId} detail={detail} now={now} />
          <RunnersSection detail={detail} now={now} />
          <RecentRunsSection orgId={orgId} detail={detail} />
          <BotModal summary={summary} bot={editing ? detail.bot : null} onClose={() => setEditing(false)} />
          <DeleteBotModal
            summary={summary}
            bot={deleting ? detail.bot : null}
            onClose={() => setDeleting(false)}
            onDeleted={() => void navigate(`/orgs/${orgId}/bots`)}
          />
        </>
      ) : null}
    </Stack>
  );
}
