import { expect } from 'vitest';
import type { MutatorName } from '@shared/mutators';
import type { Bot, CreatedApiKey, Run } from '@shared/schemas/automation';
import { http } from '../../testing/http';
import type { MutatorRow } from '../mutator-table';
import type { Cx, RouteRow } from '../route-table';
import type { Account, World } from '../world';

// Matrix rows of bots, runs and the runner protocol, with the fresh targets they consume.

const botBody = () => ({ name: `Matrix bot ${crypto.randomUUID().slice(0, 8)}` });

async function asOwner<T>(world: World, method: 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> {
  const res = await http<T>(world.server, method, path, { token: world.people.owner.token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** A fresh enabled bot of the world's org. */
async function targetBot(world: World): Promise<string> {
  return (await asOwner<Bot>(world, 'POST', `/v1/orgs/${world.org.id}/bots`, botBody())).id;
}

/** A fresh queued run of a fresh bot. */
async function queuedRun(world: World): Promise<string> {
  const botId = await targetBot(world);
  return (await asOwner<Run>(world, 'POST', `/v1/orgs/${world.org.id}/bots/${botId}/runs`)).id;
}

/** A fresh cancelled run (retryable). */
async function cancelledRun(world: World): Promise<string> {
  const runId = await queuedRun(world);
  return (await asOwner<Run>(world, 'POST', `/v1/orgs/${world.org.id}/runs/${runId}/cancel`)).id;
}

const keyHolders = new WeakMap<World, Promise<Account>>();

/** The party of runner routes: a holder of an API key of the world's org with runs.execute. */
function runnerKeyHolder(world: World): Promise<Account> {
  const known = keyHolders.get(world);
  if (known) return known;
  const made = asOwner<CreatedApiKey>(world, 'POST', `/v1/orgs/${world.org.id}/api-keys`, {
    name: 'Matrix runner',
    type: 'standard',
    scopes: ['runs.execute'],
  }).then((created) => ({ token: created.secret, userId: '', email: '' }));
  keyHolders.set(world, made);
  return made;
}

/** A runner route's call: the party sends the key, everyone else their session (which is no key). */
const runnerCall =
  (body: (world: World) => Promise<unknown> | unknown, params?: (world: World) => Promise<Record<string, string>>) =>
  async (cx: Cx) => ({
    body: await body(cx.world),
    ...(params ? { params: await params(cx.world) } : {}),
    ...(cx.actor === 'party' ? { as: await runnerKeyHolder(cx.world) } : {}),
  });

const runnerKey = () => `matrix-${crypto.randomUUID().slice(0, 8)}`;

/** Authorization matrix rows of the bots feature's routes. */
export const botRouteRows = {
  'GET /v1/orgs/:orgId/bots': { rule: 'bots.read' },
  'POST /v1/orgs/:orgId/bots': { rule: 'bots.manage', call: () => ({ body: botBody() }) },
  'GET /v1/orgs/:orgId/bots/:botId': {
    rule: 'bots.read',
    call: async (cx) => ({ params: { botId: await targetBot(cx.world) } }),
  },
  // `{enabled}` alone: bots.toggle (every built-in role holding it holds bots.manage too).
  'PATCH /v1/orgs/:orgId/bots/:botId': {
    rule: 'bots.toggle',
    call: async (cx) => ({ params: { botId: await targetBot(cx.world) }, body: { enabled: false } }),
  },
  'DELETE /v1/orgs/:orgId/bots/:botId': {
    rule: 'bots.manage',
    call: async (cx) => ({ params: { botId: await targetBot(cx.world) } }),
  },
  'POST /v1/orgs/:orgId/bots/:botId/runs': {
    rule: 'runs.execute',
    call: async (cx) => ({ params: { botId: await targetBot(cx.world) } }),
  },
  'GET /v1/orgs/:orgId/runs': { rule: 'runs.read' },
  'GET /v1/orgs/:orgId/runs/:runId': {
    rule: 'runs.read',
    call: async (cx) => ({ params: { runId: await queuedRun(cx.world) } }),
  },
  'POST /v1/orgs/:orgId/runs/:runId/cancel': {
    rule: 'runs.execute',
    call: async (cx) => ({ params: { runId: await queuedRun(cx.world) } }),
  },
  'POST /v1/orgs/:orgId/runs/:runId/retry': {
    rule: 'runs.execute',
    call: async (cx) => ({ params: { runId: await cancelledRun(cx.world) } }),
  },
  'POST /v1/runner/heartbeat': { rule: 'api-key', call: runnerCall(() => ({ runnerId: runnerKey(), botIds: [] })) },
  'POST /v1/runner/claim': {
    rule: 'api-key',
    call: runnerCall(async (world) => ({ runnerId: runnerKey(), botIds: [await targetBot(world)] })),
  },
  'POST /v1/runner/runs': {
    rule: 'api-key',
    call: runnerCall(async (world) => ({ botId: await targetBot(world), idempotencyKey: crypto.randomUUID() })),
  },
  'PATCH /v1/runner/runs/:runId': {
    rule: 'api-key',
    call: runnerCall(
      () => ({ status: 'running', progress: 10 }),
      async (world) => ({ runId: await queuedRun(world) }),
    ),
  },
} as const satisfies Record<string, RouteRow>;

/** Authorization matrix rows of the bots feature's mutators. */
export const botMutatorRows = {
  'bot.create': { route: 'POST /v1/orgs/:orgId/bots', args: botBody },
  'bot.update': {
    route: 'PATCH /v1/orgs/:orgId/bots/:botId',
    args: async (world) => ({ botId: await targetBot(world), patch: { description: 'Pushed by the matrix' } }),
  },
  'bot.setEnabled': {
    route: 'PATCH /v1/orgs/:orgId/bots/:botId',
    args: async (world) => ({ botId: await targetBot(world), enabled: false }),
  },
  'bot.delete': {
    route: 'DELETE /v1/orgs/:orgId/bots/:botId',
    args: async (world) => ({ botId: await targetBot(world) }),
  },
  'bot.runNow': {
    route: 'POST /v1/orgs/:orgId/bots/:botId/runs',
    args: async (world) => ({ botId: await targetBot(world) }),
  },
  'run.cancel': {
    route: 'POST /v1/orgs/:orgId/runs/:runId/cancel',
    args: async (world) => ({ runId: await queuedRun(world) }),
  },
  'run.retry': {
    route: 'POST /v1/orgs/:orgId/runs/:runId/retry',
    args: async (world) => ({ runId: await cancelledRun(world) }),
  },
} as const satisfies Partial<Record<MutatorName, MutatorRow>>;
