import { expect } from 'vitest';
import type { MutatorName } from '@shared/mutators';
import type { CreatedApiKey } from '@shared/schemas/automation';
import { http } from '../../testing/http';
import type { MutatorRow } from '../mutator-table';
import type { RouteRow } from '../route-table';
import type { World } from '../world';

/** A scope every role allowed to create keys holds, so a refusal is about who asks, never about the scopes. */
const keyBody = () => ({
  name: `Matrix key ${crypto.randomUUID().slice(0, 8)}`,
  type: 'standard',
  scopes: ['org.read'],
});

/** A fresh active key of the world's org, made by its owner; answers the key id. */
async function targetApiKey(world: World): Promise<string> {
  const res = await http<CreatedApiKey>(world.server, 'POST', `/v1/orgs/${world.org.id}/api-keys`, {
    token: world.people.owner.token,
    body: keyBody(),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.apiKey.id;
}

/** Authorization matrix rows of the api-keys feature's routes. */
export const apiKeyRouteRows = {
  'GET /v1/orgs/:orgId/api-keys': { rule: 'api_keys.read' },
  'POST /v1/orgs/:orgId/api-keys': { rule: 'api_keys.manage', call: () => ({ body: keyBody() }) },
  'DELETE /v1/orgs/:orgId/api-keys/:keyId': {
    rule: 'api_keys.manage',
    call: async (cx) => ({ params: { keyId: await targetApiKey(cx.world) } }),
  },
} as const satisfies Record<string, RouteRow>;

/** Authorization matrix rows of the api-keys feature's mutators. */
export const apiKeyMutatorRows = {
  'apiKey.create': { route: 'POST /v1/orgs/:orgId/api-keys', args: keyBody },
  'apiKey.revoke': {
    route: 'DELETE /v1/orgs/:orgId/api-keys/:keyId',
    args: async (world) => ({ keyId: await targetApiKey(world) }),
  },
} as const satisfies Partial<Record<MutatorName, MutatorRow>>;
