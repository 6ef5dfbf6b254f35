import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { PlanKey } from '@shared/plans';
import type { Bot, ClaimedRun, CreateBotBody, Run, RunnerReportBody } from '@shared/schemas/automation';
import { organizations } from '../../db/schema';
import { http } from '../../testing/http';
import type { HttpResult } from '../../testing/http';
import type { TestServer } from '../../testing/test-server';
import { createKey } from '../api-keys/api-key-fixtures';
import { account, createOrg } from '../invitations/invitation-fixtures';
import type { Account } from '../invitations/invitation-fixtures';

// Test helpers of bots, runs and the runner protocol: an org with an owner and a runner key, bots
// made through HTTP, and the runner's calls.

export type RunWorld = { server: TestServer; owner: Account; orgId: string; key: string };

/** A settable server clock for createApp's `now`. */
export function testClock(start = new Date('2026-03-02T09:00:00.000Z')) {
  let at = start.getTime();
  return {
    now: () => new Date(at),
    advance(ms: number) {
      at += ms;
    },
  };
}

/** A fresh org with its owner and an API key with runs.execute, on the given plan. */
export async function runWorld(server: TestServer, plan: PlanKey = 'enterprise'): Promise<RunWorld> {
  const owner = await account(server, 'owner');
  const org = await createOrg(server, owner, 'Runs Co');
  await server.app.database.db.update(organizations).set({ plan }).where(eq(organizations.id, org.id));
  const created = await createKey(server, owner.token, org.id, { scopes: ['runs.execute'] });
  return { server, owner, orgId: org.id, key: created.secret };
}

export async function makeBot(w: RunWorld, body: Partial<CreateBotBody> = {}): Promise<Bot> {
  const res = await http<Bot>(w.server, 'POST', `/v1/orgs/${w.orgId}/bots`, {
    token: w.owner.token,
    body: { name: `Bot ${crypto.randomUUID().slice(0, 6)}`, ...body },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

export async function getBot(w: RunWorld, botId: string): Promise<Bot> {
  const res = await http<Bot>(w.server, 'GET', `/v1/orgs/${w.orgId}/bots/${botId}`, { token: w.owner.token });
  expect(res.status).toBe(200);
  return res.body;
}

export function runNow(w: RunWorld, botId: string, token = w.owner.token): Promise<HttpResult<Run>> {
  return http<Run>(w.server, 'POST', `/v1/orgs/${w.orgId}/bots/${botId}/runs`, { token });
}

export async function getRun(w: RunWorld, runId: string): Promise<Run> {
  const res = await http<Run>(w.server, 'GET', `/v1/orgs/${w.orgId}/runs/${runId}`, { token: w.owner.token });
  expect(res.status).toBe(200);
  return res.body;
}

export function heartbeat(w: RunWorld, runnerId: string, botIds: string[]) {
  return http<{ runner: { id: string; status: string }; botIds: string[] }>(w.server, 'POST', '/v1/runner/heartbeat', {
    token: w.key,
    body: { runnerId, botIds },
  });
}

export function claim(w: RunWorld, runnerId: string, botIds: string[], limit = 1) {
  return http<{ runs: ClaimedRun[] }>(w.server, 'POST', '/v1/runner/claim', {
    token: w.key,
    body: { runnerId, botIds, limit },
  });
}

export function report(w: RunWorld, runId: string, body: RunnerReportBody & { runnerId?: string }) {
  return http<Run>(w.server, 'PATCH', `/v1/runner/runs/${runId}`, { token: w.key, body });
}

export function startRun(w: RunWorld, botId: string, idempotencyKey: string, runnerId?: string) {
  return http<Run>(w.server, 'POST', '/v1/runner/runs', {
    token: w.key,
    body: { botId, idempotencyKey, ...(runnerId ? { runnerId } : {}) },
  });
}
