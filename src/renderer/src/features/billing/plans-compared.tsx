import { Badge, Button, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import type { UsageSummary } from '@shared/ipc-usage';
import { planMisfits, planOf, plans } from '@shared/plans';
import type { Plan, PlanKey } from '@shared/plans';
import { planLimits } from './plan-words';

const allPlans: readonly Plan[] = Object.values(plans);
const currentColumn = { backgroundColor: 'var(--mantine-color-indigo-light)' };

/** Free, Team, Business and Enterprise side by side; those with billing.manage switch from here. */
export function PlansCompared({
  current,
  usage,
  mayManage,
  disabledReason,
  onSwitch,
}: {
  current: PlanKey;
  usage: UsageSummary | null;
  mayManage: boolean;
  disabledReason: string | null;
  onSwitch(plan: Plan): void;
}) {
  const rows = planLimits(plans.free).map((l) => ({ key: l.key, label: l.label }));
  const cell = (plan: Plan) => (plan.key === current ? currentColumn : undefined);
  return (
    <Stack gap="sm" component="section" aria-labelledby="plans-title">
      <Title order={2} fz="h4" id="plans-title">
        Plans
      </Title>
      <Table.ScrollContainer minWidth={760}>
        <Table withTableBorder verticalSpacing="sm" aria-labelledby="plans-title" layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={190}>
                <Text size="sm" c="dimmed" fw={500}>
                  Included
                </Text>
              </Table.Th>
              {allPlans.map((plan) => (
                <Table.Th key={plan.key} style={cell(plan)} data-plan={plan.key}>
                  <Text fw={700}>{plan.name}</Text>
                  {plan.key === current ? (
                    <Badge size="xs" variant="filled" mt={2}>
                      Current plan
                    </Badge>
                  ) : null}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.key}>
                <Table.Th scope="row">
                  <Text size="sm" c="dimmed" fw={500}>
                    {row.label}
                  </Text>
                </Table.Th>
                {allPlans.map((plan) => (
                  <Table.Td key={plan.key} style={cell(plan)}>
                    <Text size="sm">{planLimits(plan).find((l) => l.key === row.key)?.value}</Text>
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
            {mayManage ? (
              <Table.Tr>
                <Table.Td />
                {allPlans.map((plan) => (
                  <Table.Td key={plan.key} style={cell(plan)} valign="top">
                    {plan.key === current ? (
                      <Text size="sm" c="dimmed">
                        Your plan
                      </Text>
                    ) : (
                      <SwitchButton
                        plan={plan}
                        direction={plan.monthlyCredits > planOf(current).monthlyCredits ? 'Upgrade' : 'Downgrade'}
                        misfits={usage ? planMisfits(plan, { seats: usage.seats.used, bots: usage.bots.used }) : []}
                        disabledReason={disabledReason}
                        onSwitch={() => onSwitch(plan)}
                      />
                    )}
                  </Table.Td>
                ))}
              </Table.Tr>
            ) : null}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function SwitchButton({
  plan,
  direction,
  misfits,
  disabledReason,
  onSwitch,
}: {
  plan: Plan;
  direction: 'Upgrade' | 'Downgrade';
  misfits: string[];
  disabledReason: string | null;
  onSwitch(): void;
}) {
  return (
    <Stack gap={6}>
      <Tooltip label={disabledReason} disabled={disabledReason === null}>
        <Button
          variant="light"
          size="sm"
          fullWidth
          aria-label={`${direction}: switch to ${plan.name}`}
          data-disabled={disabledReason ? true : undefined}
          aria-disabled={disabledReason !== null}
          onClick={(e) => {
            if (disabledReason) e.preventDefault();
            else onSwitch();
          }}
        >
          {direction}
        </Button>
      </Tooltip>
      {misfits.length > 0 ? (
        <Text size="xs" c="orange.8" data-testid={`misfit-${plan.key}`}>
          Does not fit today: {misfits.join('; ')}.
        </Text>
      ) : null}
    </Stack>
  );
}
