import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutatorNames, mutators } from '@shared/mutators';
import type { MutatorName } from '@shared/mutators';
import { PROTOCOL_VERSION } from '@shared/schemas/sync';
import type { PushResult } from '@shared/schemas/sync';
import { startTestServer } from '../testing/test-server';
import { mutatorTable } from './mutator-table';
import { send, pathOf } from './request';
import { recordRoutes } from './route-recorder';
import { routeTable } from './route-table';
import type { RouteKey, RouteRow } from './route-table';
import { actorsFor, expectedOutcome, isMemberActor, memberActors, outcomeOfPush, outcomeOfResponse } from './rules';
import type { Actor, Outcome } from './rules';
import { buildWorld, personOf } from './world';
import type { World } from './world';

// The authorization matrix (issue 4): every route and every push mutator × every built-in role, a
// custom role, a deactivated member, an outsider and nobody signed in, each a real request against
// fresh targets. Expected outcomes come from the rule in the tables and the role matrix in
// @shared/permissions.

const routes = recordRoutes();
let world: World;

beforeAll(async () => {
  const server = await startTestServer();
  routes.stop();
  world = await buildWorld(server);
});
afterAll(async () => {
  routes.stop();
  await world?.server.close();
});

/** An answer, short enough to read in a failure message. */
const brief = (body: unknown) => JSON.stringify(body).slice(0, 400);

/** HEAD routes run their GET route's handler, so the GET row covers both. */
const rowKeyOf = (served: string) => served.replace(/^HEAD /, 'GET ');

describe('the tables', () => {
  it('have a row for every route the server registers, and no row for a route it does not', () => {
    const served = new Set(routes.keys().map(rowKeyOf));
    const rows = new Set<string>(Object.keys(routeTable));
    expect(served.size, 'routes recorded').toBeGreaterThan(0);
    expect({
      routesWithoutARow: [...served].filter((key) => !rows.has(key)),
      rowsWithoutARoute: [...rows].filter((key) => !served.has(key)),
    }).toEqual({ routesWithoutARow: [], rowsWithoutARoute: [] });
  });

  it('have a row for every mutator, each naming its REST route', () => {
    expect(Object.keys(mutatorTable).sort()).toEqual([...mutatorNames].sort());
    for (const row of Object.values(mutatorTable)) expect(Object.keys(routeTable)).toContain(row.route);
  });
});

type RouteCase = { key: RouteKey; actor: Actor; expected: Outcome };
const routeCases = (Object.entries(routeTable) as [RouteKey, RouteRow][]).flatMap(([key, row]) =>
  actorsFor(row.rule).map((actor): [string, RouteCase] => {
    const expected = expectedOutcome(row.rule, actor);
    return [`${key} as ${actor}: ${expected}`, { key, actor, expected }];
  }),
);

describe('routes', () => {
  it.each(routeCases)('%s', async (_title, { key, actor, expected }) => {
    const row: RouteRow = routeTable[key];
    const call = (await row.call?.({ world, actor })) ?? {};
    const who = call.as === undefined ? personOf(world, actor) : call.as;
    if (actor === 'party') expect(who, 'a party row names who answers').not.toBeNull();
    const [method = '', template = ''] = key.split(' ');
    const params = { orgId: world.org.id, ...call.params };
    const request = (values: Record<string, string>) =>
      send(world.server, method, pathOf(template, values), {
        token: who?.token,
        body: call.body,
        stream: row.stream === true,
        ...(call.headers ? { headers: call.headers } : {}),
      });
    const answer = await request(params);
    expect(outcomeOfResponse(answer.status, answer.body, row.passes), brief(answer.body)).toBe(expected);
    if (expected !== 'not_found') return;
    // A foreign id answers exactly like a missing one: the same request naming no existing org (or transfer).
    const named = template.includes(':orgId') ? 'orgId' : 'id';
    expect(await request({ ...params, [named]: crypto.randomUUID() })).toEqual(answer);
  });
});

type PushCase = { name: MutatorName; actor: Actor; expected: Outcome };
const pushActors: Actor[] = [...memberActors, 'deactivated', 'outsider'];
const pushCases = mutatorNames.flatMap((name) =>
  pushActors.map((actor): [string, PushCase] => {
    const expected = expectedPush(name, actor);
    return [`${name} as ${actor}: ${expected}`, { name, actor, expected }];
  }),
);

/** Optimistic mutators obey their REST route's rule; online ones cannot be queued (non-members: 404 first). */
function expectedPush(name: MutatorName, actor: Actor): Outcome {
  if (mutators[name].kind === 'optimistic') return expectedOutcome(routeTable[mutatorTable[name].route].rule, actor);
  return isMemberActor(actor) ? 'refused_for_queue' : 'not_found';
}

describe('sync push', () => {
  it.each(pushCases)('%s', async (_title, { name, actor, expected }) => {
    const who = personOf(world, actor);
    expect(who).not.toBeNull();
    const args = await mutatorTable[name].args(world);
    expect(mutators[name].args.safeParse(args).success, `valid ${name} args`).toBe(true);
    const clientId = crypto.randomUUID();
    const pushOnce = async (orgId = world.org.id) => {
      const body = { clientId, protocol: PROTOCOL_VERSION, mutations: [{ id: 1, orgId, name, args }] };
      const answer = await send(world.server, 'POST', '/v1/sync/push', { token: who?.token, body });
      expect(answer.status, brief(answer.body)).toBe(200);
      return (answer.body as PushResult).outcomes;
    };
    const outcomes = await pushOnce();
    expect(outcomes.map(outcomeOfPush), brief(outcomes)).toEqual([expected]);
    // The same mutation again is answered from its stored outcome, never run twice.
    expect(await pushOnce()).toEqual(outcomes);
    if (expected === 'not_found') expect(await pushOnce(crypto.randomUUID())).toEqual(outcomes);
  });
});
