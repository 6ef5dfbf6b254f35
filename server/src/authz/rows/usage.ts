import { expect } from 'vitest';
import type { MutatorName } from '@shared/mutators';
import type { CreatedApiKey } from '@shared/schemas/automation';
import type { AlertRule } from '@shared/schemas/usage';
import { http } from '../../testing/http';
import type { MutatorRow } from '../mutator-table';
import type { Cx, RouteRow } from '../route-table';
import type { Account, World } from '../world';

// Matrix rows of usage, credits, the plan and alert rules, with the fresh targets they consume. The
// world's org is on Enterprise already: changing to it again is allowed and changes nothing, so no
// row can leave the org on a plan that breaks another row.

const ruleBody = () => ({ kind: 'credits_below', threshold: 10, channels: ['desktop'] });

/** A fresh alert rule of the world's org, made by its owner; answers the rule id. */
async function targetAlertRule(world: World): Promise<string> {
  const res = await http<AlertRule>(world.server, 'POST', `/v1/orgs/${world.org.id}/alert-rules`, {
    token: world.people.owner.token,
    body: ruleBody(),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.id;
}

const keyHolders = new WeakMap<World, Promise<Account>>();

/** The party of `GET /v1/usage`: a holder of an API key of the world's org with usage.read. */
function usageKeyHolder(world: World): Promise<Account> {
  const known = keyHolders.get(world);
  if (known) return known;
  const made = http<CreatedApiKey>(world.server, 'POST', `/v1/orgs/${world.org.id}/api-keys`, {
    token: world.people.owner.token,
    body: { name: 'Matrix usage reader', type: 'standard', scopes: ['usage.read'] },
  }).then((res) => {
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return { token: res.body.secret, userId: '', email: '' };
  });
  keyHolders.set(world, made);
  return made;
}

const withRule = async (cx: Cx) => ({ params: { ruleId: await targetAlertRule(cx.world) } });

/** Authorization matrix rows of the usage feature's routes. */
export const usageRouteRows = {
  'GET /v1/orgs/:orgId/usage': { rule: 'usage.read' },
  'GET /v1/usage': {
    rule: 'api-key',
    call: async (cx) => (cx.actor === 'party' ? { as: await usageKeyHolder(cx.world) } : {}),
  },
  'POST /v1/orgs/:orgId/credits/top-ups': { rule: 'billing.manage', call: () => ({ body: { credits: 1 } }) },
  'PATCH /v1/orgs/:orgId/plan': { rule: 'billing.manage', call: () => ({ body: { plan: 'enterprise' } }) },
  'GET /v1/orgs/:orgId/alert-rules': { rule: 'usage.read' },
  'POST /v1/orgs/:orgId/alert-rules': { rule: 'alerts.manage', call: () => ({ body: ruleBody() }) },
  'PATCH /v1/orgs/:orgId/alert-rules/:ruleId': {
    rule: 'alerts.manage',
    call: async (cx) => ({ ...(await withRule(cx)), body: { threshold: 20 } }),
  },
  'DELETE /v1/orgs/:orgId/alert-rules/:ruleId': { rule: 'alerts.manage', call: withRule },
  'GET /v1/orgs/:orgId/alert-events': { rule: 'usage.read' },
} as const satisfies Record<string, RouteRow>;

/** Authorization matrix rows of the usage feature's mutators. */
export const usageMutatorRows = {
  'credits.topUp': { route: 'POST /v1/orgs/:orgId/credits/top-ups', args: () => ({ credits: 1 }) },
  'plan.change': { route: 'PATCH /v1/orgs/:orgId/plan', args: () => ({ plan: 'enterprise' }) },
  'alertRule.create': { route: 'POST /v1/orgs/:orgId/alert-rules', args: ruleBody },
  'alertRule.update': {
    route: 'PATCH /v1/orgs/:orgId/alert-rules/:ruleId',
    args: async (world) => ({ ruleId: await targetAlertRule(world), patch: { threshold: 20 } }),
  },
  'alertRule.setEnabled': {
    route: 'PATCH /v1/orgs/:orgId/alert-rules/:ruleId',
    args: async (world) => ({ ruleId: await targetAlertRule(world), enabled: false }),
  },
  'alertRule.delete': {
    route: 'DELETE /v1/orgs/:orgId/alert-rules/:ruleId',
    args: async (world) => ({ ruleId: await targetAlertRule(world) }),
  },
} as const satisfies Partial<Record<MutatorName, MutatorRow>>;
