import { expect } from 'vitest';
import { uuidv7 } from 'uuidv7';
import type { MutatorName } from '@shared/mutators';
import type { TriggerWithSecret } from '@shared/schemas/automation';
import { bots } from '../../db/schema';
import { signatureHeader, signWebhook, timestampHeader } from '../../features/triggers/webhook-signature';
import { http } from '../../testing/http';
import type { MutatorRow } from '../mutator-table';
import type { RouteRow } from '../route-table';
import type { World } from '../world';

// Matrix rows of triggers and webhooks, with the fresh targets they consume. Bots are written
// straight into the table, so these rows do not depend on the bots routes.

/** A fresh enabled bot of the world's org. */
async function triggerBot(world: World): Promise<string> {
  const id = uuidv7();
  await world.server.app.database.db
    .insert(bots)
    .values({ orgId: world.org.id, id, name: `Matrix trigger bot ${id.slice(-6)}`, status: 'idle' });
  return id;
}

const manualBody = async (world: World) => ({
  botId: await triggerBot(world),
  name: `Matrix trigger ${crypto.randomUUID().slice(0, 8)}`,
  kind: 'manual' as const,
});

/** A fresh trigger of the world's org made by its owner: its id and, for a webhook, its secret. */
async function targetTrigger(world: World, kind: 'manual' | 'webhook' = 'manual') {
  const res = await http<TriggerWithSecret>(world.server, 'POST', `/v1/orgs/${world.org.id}/triggers`, {
    token: world.people.owner.token,
    body: { ...(await manualBody(world)), kind },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { id: res.body.trigger.id, secret: res.body.secret ?? '' };
}

const triggerParam = async (world: World, kind: 'manual' | 'webhook' = 'manual') => ({
  triggerId: (await targetTrigger(world, kind)).id,
});

/** Authorization matrix rows of the triggers feature's routes. */
export const triggerRouteRows = {
  'GET /v1/orgs/:orgId/triggers': { rule: 'triggers.read' },
  'POST /v1/orgs/:orgId/triggers': {
    rule: 'triggers.manage',
    call: async (cx) => ({ body: await manualBody(cx.world) }),
  },
  'PATCH /v1/orgs/:orgId/triggers/:triggerId': {
    rule: 'triggers.manage',
    call: async (cx) => ({ params: await triggerParam(cx.world), body: { enabled: false } }),
  },
  'DELETE /v1/orgs/:orgId/triggers/:triggerId': {
    rule: 'triggers.manage',
    call: async (cx) => ({ params: await triggerParam(cx.world) }),
  },
  'POST /v1/orgs/:orgId/triggers/:triggerId/rotate-secret': {
    rule: 'triggers.manage',
    call: async (cx) => ({ params: await triggerParam(cx.world, 'webhook') }),
  },
  // Public: the signature is the credential, whoever else calls (a session changes nothing).
  'POST /v1/hooks/:triggerId': {
    rule: 'public',
    call: async (cx) => {
      const { id, secret } = await targetTrigger(cx.world, 'webhook');
      const body = { event: 'matrix' };
      const timestamp = Math.floor(cx.world.server.app.now().getTime() / 1000);
      return {
        params: { triggerId: id },
        body,
        headers: {
          [timestampHeader]: String(timestamp),
          [signatureHeader]: signWebhook(secret, timestamp, JSON.stringify(body)),
        },
      };
    },
  },
} as const satisfies Record<string, RouteRow>;

/** Authorization matrix rows of the triggers feature's mutators. */
export const triggerMutatorRows = {
  'trigger.create': { route: 'POST /v1/orgs/:orgId/triggers', args: manualBody },
  'trigger.update': {
    route: 'PATCH /v1/orgs/:orgId/triggers/:triggerId',
    args: async (world) => ({ ...(await triggerParam(world)), patch: { name: 'Pushed by the matrix' } }),
  },
  'trigger.setEnabled': {
    route: 'PATCH /v1/orgs/:orgId/triggers/:triggerId',
    args: async (world) => ({ ...(await triggerParam(world)), enabled: false }),
  },
  'trigger.delete': {
    route: 'DELETE /v1/orgs/:orgId/triggers/:triggerId',
    args: async (world) => triggerParam(world),
  },
  'trigger.rotateSecret': {
    route: 'POST /v1/orgs/:orgId/triggers/:triggerId/rotate-secret',
    args: async (world) => triggerParam(world, 'webhook'),
  },
} as const satisfies Partial<Record<MutatorName, MutatorRow>>;
