import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http } from '../../testing/http';
import { startTestServer } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { newTeam } from '../members/test-fixtures';
import type { Team } from '../members/test-fixtures';
import { botIn, callWebhook, createTrigger, runsOf, setBotEnabled } from './trigger-fixtures';
import { webhookLimits } from './webhook.routes';
import { signWebhook } from './webhook-signature';

// Webhook triggers: `POST /v1/hooks/:triggerId` signed with HMAC-SHA256 under the trigger's secret.

let clock = new Date('2031-03-03T07:00:00Z');
let server: TestServer;
let team: Team;

beforeAll(async () => {
  server = await startTestServer({ now: () => clock });
  team = await newTeam(server);
});
afterAll(async () => {
  await server?.close();
});

const body = JSON.stringify({ invoice: 'INV-1', amount: 42 });
const unverified = {
  error: { code: 'unauthenticated', message: 'The webhook signature could not be verified for this trigger' },
};

async function webhookTrigger(name = 'Incoming invoices') {
  const botId = await botIn(server, team.org.id);
  const res = await createTrigger(server, team.owner.token, team.org.id, { botId, name, kind: 'webhook' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { botId, trigger: res.body.trigger, secret: res.body.secret ?? '' };
}

describe('webhook calls', () => {
  it('queues a run of the bot for a correctly signed call', async () => {
    const { trigger, secret, botId } = await webhookTrigger();
    const res = await callWebhook(server, trigger.id, secret, body);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const queued = await runsOf(server, team.org.id, trigger.id);
    expect(queued.map((r) => ({ id: r.id, botId: r.botId, startedBy: r.startedBy, status: r.status }))).toEqual([
      { id: res.body.runId, botId, startedBy: 'Incoming invoices', status: 'queued' },
    ]);
    const listed = await http<{ triggers: { id: string; lastFiredAt: string | null }[] }>(
      server,
      'GET',
      `/v1/orgs/${team.org.id}/triggers`,
      { token: team.owner.token },
    );
    expect(listed.body.triggers.find((t) => t.id === trigger.id)?.lastFiredAt).toBe(clock.toISOString());
  });

  it('answers a wrong signature, an unknown trigger and a disabled trigger alike', async () => {
    const { trigger, secret } = await webhookTrigger();
    const tampered = await callWebhook(server, trigger.id, secret, body, {
      signature: signWebhook(secret, Math.floor(clock.getTime() / 1000), `${body} `),
    });
    const wrongSecret = await callWebhook(server, trigger.id, 'not-the-secret', body);
    const unknown = await callWebhook(server, crypto.randomUUID(), secret, body);
    const unsigned = await callWebhook(server, trigger.id, secret, body, { signature: '' });
    await http(server, 'PATCH', `/v1/orgs/${team.org.id}/triggers/${trigger.id}`, {
      token: team.owner.token,
      body: { enabled: false },
    });
    const disabled = await callWebhook(server, trigger.id, secret, body);
    for (const answer of [tampered, wrongSecret, unknown, unsigned, disabled]) {
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 401, body: unverified });
    }
    expect(await runsOf(server, team.org.id, trigger.id)).toEqual([]);
  });

  it('slows down a flood of calls to one trigger with 429 and Retry-After, signed or not', async () => {
    const { trigger, secret } = await webhookTrigger('Flooded');
    for (let i = 0; i < webhookLimits.perTrigger.max; i += 1) {
      expect((await callWebhook(server, trigger.id, 'guess', body)).status).toBe(401);
    }
    const limited = await callWebhook(server, trigger.id, secret, body);
    expect(limited.status).toBe(429);
    expect(limited.body.error?.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await runsOf(server, team.org.id, trigger.id)).toEqual([]);
  });

  it('refuses timestamps more than 5 minutes off, so old calls cannot be replayed later', async () => {
    const { trigger, secret } = await webhookTrigger();
    const nowSeconds = Math.floor(clock.getTime() / 1000);
    for (const timestamp of [nowSeconds - 301, nowSeconds + 301]) {
      const res = await callWebhook(server, trigger.id, secret, body, { timestamp });
      expect(res.status).toBe(401);
      expect(res.body.error?.message).toContain('more than 5 minutes');
    }
    const captured = await callWebhook(server, trigger.id, secret, body, { timestamp: nowSeconds - 60 });
    expect(captured.status).toBe(202);
    // The same captured request again within the window answers the run it queued; later, it is refused.
    const replayed = await callWebhook(server, trigger.id, secret, body, { timestamp: nowSeconds - 60 });
    expect(replayed.body.runId).toBe(captured.body.runId);
    clock = new Date(clock.getTime() + 10 * 60 * 1000);
    const late = await callWebhook(server, trigger.id, secret, body, { timestamp: nowSeconds - 60 });
    expect(late.status).toBe(401);
    expect(await runsOf(server, team.org.id, trigger.id)).toHaveLength(1);
  });

  it('answers the same run for the same Idempotency-Key, a new one for another', async () => {
    const { trigger, secret } = await webhookTrigger();
    const first = await callWebhook(server, trigger.id, secret, body, { idempotencyKey: 'evt-1' });
    clock = new Date(clock.getTime() + 1000);
    const again = await callWebhook(server, trigger.id, secret, body, { idempotencyKey: 'evt-1' });
    const other = await callWebhook(server, trigger.id, secret, body, { idempotencyKey: 'evt-2' });
    expect(again.body.runId).toBe(first.body.runId);
    expect(other.body.runId).not.toBe(first.body.runId);
    expect(await runsOf(server, team.org.id, trigger.id)).toHaveLength(2);
  });

  it('stops accepting the old secret once it is rotated', async () => {
    const { trigger, secret } = await webhookTrigger();
    const rotated = await http<{ secret: string }>(
      server,
      'POST',
      `/v1/orgs/${team.org.id}/triggers/${trigger.id}/rotate-secret`,
      { token: team.owner.token },
    );
    expect(rotated.status).toBe(200);
    expect((await callWebhook(server, trigger.id, secret, body)).status).toBe(401);
    expect((await callWebhook(server, trigger.id, rotated.body.secret, body)).status).toBe(202);
  });

  it('refuses with the reason when the bot is disabled', async () => {
    const { trigger, secret, botId } = await webhookTrigger();
    await setBotEnabled(server, team.org.id, botId, false);
    const res = await callWebhook(server, trigger.id, secret, body);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'conflict' });
    expect(res.body.error?.message).toContain('disabled');
  });

  it('accepts any content type and an empty body, signed as sent', async () => {
    const { trigger, secret } = await webhookTrigger();
    const timestamp = Math.floor(clock.getTime() / 1000);
    const form = 'a=1&b=2';
    const res = await fetch(`${server.url}/v1/hooks/${trigger.id}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-botdesk-timestamp': String(timestamp),
        'x-botdesk-signature': signWebhook(secret, timestamp, form),
      },
      body: form,
    });
    expect(res.status).toBe(202);
    const empty = await fetch(`${server.url}/v1/hooks/${trigger.id}`, {
      method: 'POST',
      headers: { 'x-botdesk-timestamp': String(timestamp), 'x-botdesk-signature': signWebhook(secret, timestamp, '') },
    });
    expect(empty.status).toBe(202);
  });
});
