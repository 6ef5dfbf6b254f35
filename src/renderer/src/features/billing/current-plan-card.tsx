import { Badge, DataList, Group, Paper, Progress, Text, Title } from '@mantine/core';
import type { UsageSummary } from '@shared/ipc-usage';
import { planOf } from '@shared/plans';
import type { PlanKey } from '@shared/plans';
import { usedOfLimit } from '@renderer/features/overview/limit-words';
import { creditsText } from '@renderer/features/usage/usage-format';
import { planLimits } from './plan-words';

/** The org's plan: every limit it sets, with how much of seats, bots and credits is in use. */
export function CurrentPlanCard({ planKey, usage }: { planKey: PlanKey; usage: UsageSummary | null }) {
  const plan = planOf(planKey);
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="current-plan-title">
      <Group justify="space-between" mb="md">
        <Title order={2} fz="h4" id="current-plan-title">
          Current plan
        </Title>
        <Badge size="lg" variant="light" data-testid="current-plan">
          {plan.name}
        </Badge>
      </Group>
      <DataList labelWidth={220} withDivider gap="xs">
        {planLimits(plan).map((limit) => (
          <DataList.Item key={limit.key} data-limit={limit.key}>
            <DataList.ItemLabel c="dimmed">{limit.label}</DataList.ItemLabel>
            <DataList.ItemValue>
              {limit.key === 'seats' && usage ? (
                <InUse used={usage.seats.used} limit={usage.seats.limit} unit="seats" />
              ) : limit.key === 'bots' && usage ? (
                <InUse used={usage.bots.used} limit={usage.bots.limit} unit="bots" />
              ) : limit.key === 'credits' && usage?.account ? (
                <>
                  {limit.value} a month
                  <Text size="xs" c="dimmed">
                    {creditsText(usage.account.consumedThisPeriod)} consumed this period
                  </Text>
                </>
              ) : (
                limit.value
              )}
            </DataList.ItemValue>
          </DataList.Item>
        ))}
      </DataList>
    </Paper>
  );
}

function InUse({ used, limit, unit }: { used: number; limit: number | null; unit: string }) {
  const share = limit === null || limit === 0 ? 0 : Math.min(100, (used / limit) * 100);
  return (
    <>
      {usedOfLimit({ used, limit })} {unit} in use
      {limit !== null ? (
        <Progress
          value={share}
          size="sm"
          mt={4}
          w={160}
          color={share >= 100 ? 'orange' : 'indigo'}
          aria-label={`${usedOfLimit({ used, limit })} ${unit} in use`}
        />
      ) : null}
    </>
  );
}
