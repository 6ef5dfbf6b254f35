import { Alert, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconCloudOff } from '@tabler/icons-react';
import { useState } from 'react';
import { planOf } from '@shared/plans';
import { ErrorAlert } from '@renderer/components/error-alert';
import { useOrg } from '@renderer/features/shell/org-gate';
import { useUsageSummary } from '@renderer/features/usage/use-usage';
import { canIn } from '@renderer/lib/membership';
import { useAppStore } from '@renderer/store';
import { isOnline } from '@renderer/store/sync-slice';
import { CreditsCard } from './credits-card';
import { CurrentPlanCard } from './current-plan-card';
import { offlineHint } from './plan-words';
import { PlansCompared } from './plans-compared';
import { SwitchPlanModal } from './switch-plan-modal';
import type { PlanChange } from './switch-plan-modal';
import { TopUpModal } from './top-up-modal';

/** The org's plan, its limits in use and its credits; billing.manage switches plans and adds credits. */
export function BillingPage() {
  const summary = useOrg();
  const usage = useUsageSummary(summary.org.id);
  const online = useAppStore((s) => isOnline(s.sync, s.bridge));
  const mayManage = canIn(summary, 'billing.manage');
  // Kept after the dialog closes, so its words do not change while it fades out (nor when the plan does).
  const [change, setChange] = useState<PlanChange | null>(null);
  const [switching, setSwitching] = useState(false);
  const [toppingUp, setToppingUp] = useState(false);
  const offlineReason = online ? null : offlineHint;
  const account = usage.data?.account ?? null;

  return (
    <Stack gap="lg" maw={1180}>
      <div>
        <Title order={1} fz="h2">
          Billing
        </Title>
        <Text c="dimmed">The plan of {summary.org.name}, what it includes, and its credits.</Text>
      </div>
      {!mayManage ? (
        <Text size="sm" c="dimmed">
          You can see the plan and the credits; switching plans and adding credits needs the billing.manage permission.
        </Text>
      ) : !online ? (
        <Alert color="gray" variant="light" icon={<IconCloudOff size={18} />} role="status">
          You are offline: switching plans and adding credits need a connection to the server. What you see is this
          device’s copy.
        </Alert>
      ) : null}
      {usage.status === 'error' ? <ErrorAlert title="Could not read the plan's use" message={usage.error} /> : null}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <CurrentPlanCard planKey={summary.org.plan} usage={usage.data} />
        <CreditsCard
          account={account}
          loading={usage.data === null && usage.status === 'loading'}
          mayManage={mayManage}
          disabledReason={offlineReason}
          onAdd={() => setToppingUp(true)}
        />
      </SimpleGrid>
      <PlansCompared
        current={summary.org.plan}
        usage={usage.data}
        mayManage={mayManage}
        disabledReason={offlineReason}
        onSwitch={(plan) => {
          setChange({ from: planOf(summary.org.plan), to: plan });
          setSwitching(true);
        }}
      />
      <SwitchPlanModal
        summary={summary}
        change={change}
        opened={switching}
        account={account}
        offlineReason={offlineReason}
        onClose={() => setSwitching(false)}
      />
      <TopUpModal
        summary={summary}
        opened={toppingUp}
        offlineReason={offlineReason}
        onClose={() => setToppingUp(false)}
      />
    </Stack>
  );
}
