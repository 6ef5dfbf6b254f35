import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '@shared/schemas/people';
import type { AlertRule, UsageReport } from '@shared/schemas/usage';
import { http } from '../../testing/http';
import { startTestServer } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { createKey } from '../api-keys/api-key-fixtures';
import { pull } from '../sync/test-fixtures';
import { debit, finishedRun, orgWithOwner, topUp } from './credits-fixtures';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('GET /v1/usage', () => {
  it("answers the key's organization to a key with usage.read, and refuses one without", async () => {
    const { owner, org } = await orgWithOwner(server);
    await debit(server.app.database, org.id, finishedRun(25));
    const reader = await createKey(server, owner.token, org.id, { scopes: ['usage.read'] });
    const res = await http<UsageReport>(server, 'GET', '/v1/usage', { token: reader.secret });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.account).toMatchObject({ orgId: org.id, balance: 975, consumedThisPeriod: 25 });
    expect(res.body.limits.apiRequestsPerMinute).toEqual({ standard: 600, ai_agent: 120 });

    const runner = await createKey(server, owner.token, org.id, { scopes: ['runs.execute'] });
    expect((await http(server, 'GET', '/v1/usage', { token: runner.secret })).status).toBe(403);
    expect((await http(server, 'GET', '/v1/usage', { token: owner.token })).status).toBe(401);
  });
});

describe('alert rules and the audit log', () => {
  it('create, change and delete rules, audited with top-ups and plan changes', async () => {
    const { owner, org } = await orgWithOwner(server);
    const base = `/v1/orgs/${org.id}/alert-rules`;
    const created = await http<AlertRule>(server, 'POST', base, {
      token: owner.token,
      body: { kind: 'credits_below', threshold: 300, channels: ['email'] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.body).toMatchObject({ armed: true, enabled: true, recipientMemberIds: [] });
    const tooMuch = await http(server, 'PATCH', `/v1/orgs/${org.id}/alert-rules/${(await rulesOf())[0]?.id}`, {
      token: owner.token,
      body: { threshold: 101 },
    });
    expect(tooMuch.status).toBe(400);
    const changed = await http<AlertRule>(server, 'PATCH', `${base}/${created.body.id}`, {
      token: owner.token,
      body: { enabled: false },
    });
    expect(changed.body.enabled).toBe(false);
    expect((await http(server, 'DELETE', `${base}/${created.body.id}`, { token: owner.token })).status).toBe(200);
    expect((await http(server, 'DELETE', `${base}/${created.body.id}`, { token: owner.token })).status).toBe(404);
    expect((await rulesOf()).map((r) => r.threshold)).toEqual([20, 5]);

    await topUp(server, owner, org.id, 40);
    await http(server, 'PATCH', `/v1/orgs/${org.id}/plan`, { token: owner.token, body: { plan: 'business' } });
    const audit = await http<{ events: AuditEvent[] }>(server, 'GET', `/v1/orgs/${org.id}/audit-events`, {
      token: owner.token,
    });
    expect(audit.body.events.map((e) => e.action)).toEqual([
      'plan.changed',
      'credits.topped_up',
      'alert_rule.deleted',
      'alert_rule.updated',
      'alert_rule.created',
    ]);

    async function rulesOf(): Promise<AlertRule[]> {
      const res = await http<{ rules: AlertRule[] }>(server, 'GET', base, { token: owner.token });
      return res.body.rules;
    }
  });
});

describe('sync', () => {
  it('delivers the account, the usage rollup and the alert event to a pulling desktop', async () => {
    const { owner, org } = await orgWithOwner(server);
    const clientId = crypto.randomUUID();
    const first = await pull(server, owner.token, clientId, { [org.id]: 0 });
    const cursor = first.body.orgs[0]?.version ?? 0;
    await debit(server.app.database, org.id, finishedRun(990));
    const next = await pull(server, owner.token, clientId, { [org.id]: cursor });
    const changes = next.body.orgs[0]?.changes ?? [];
    const entities = new Set(changes.map((ch) => ch.entity));
    expect(entities).toEqual(new Set(['creditAccount', 'usageDay', 'alertRule', 'alertEvent']));
    const events = changes.filter((ch) => ch.entity === 'alertEvent').map((ch) => ch.data?.message);
    expect(events).toEqual(['Acme has 10 credits left (1% of 1,000)', 'Acme has 10 credits left (1% of 1,000)']);
  });
});
