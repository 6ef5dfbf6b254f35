import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { TriggerWithSecret } from '@shared/schemas/automation';
import { bots, runs, triggerFires } from '../../db/schema';
import { http } from '../../testing/http';
import type { HttpResult } from '../../testing/http';
import type { TestServer } from '../../testing/test-server';
import { signatureHeader, signWebhook, timestampHeader } from './webhook-signature';

// Test helpers of the triggers feature: bots written straight into the table (the bots routes are
// another feature's), triggers created over HTTP, signed webhook calls, and the runs they queued.

/** A bot of the org, enabled unless told otherwise; answers its id. */
export async function botIn(server: TestServer, orgId: string, opts: { enabled?: boolean; name?: string } = {}) {
  const id = uuidv7();
  await server.app.database.db
    .insert(bots)
    .values({ orgId, id, name: opts.name ?? 'Invoice bot', enabled: opts.enabled ?? true, status: 'idle' });
  return id;
}

export async function setBotEnabled(server: TestServer, orgId: string, botId: string, enabled: boolean) {
  await server.app.database.db
    .update(bots)
    .set({ enabled })
    .where(and(eq(bots.orgId, orgId), eq(bots.id, botId)));
}

export function createTrigger(server: TestServer, token: string, orgId: string, body: Record<string, unknown>) {
  return http<TriggerWithSecret>(server, 'POST', `/v1/orgs/${orgId}/triggers`, { token, body });
}

export type WebhookOptions = {
  /** Unix seconds; the server clock's by default. */
  timestamp?: number;
  idempotencyKey?: string;
  /** Sent instead of the computed signature. */
  signature?: string;
};

/** A webhook call signed with `secret` (raw body exactly as sent). */
export async function callWebhook(
  server: TestServer,
  triggerId: string,
  secret: string,
  body: string,
  opts: WebhookOptions = {},
): Promise<HttpResult<{ runId?: string; error?: { code: string; message: string } }>> {
  const timestamp = opts.timestamp ?? Math.floor(server.app.now().getTime() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    [timestampHeader]: String(timestamp),
    [signatureHeader]: opts.signature ?? signWebhook(secret, timestamp, body),
  };
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  const response = await fetch(`${server.url}/v1/hooks/${triggerId}`, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

/** The runs a trigger queued, oldest first. */
export async function runsOf(server: TestServer, orgId: string, triggerId: string) {
  const rows = await server.app.database.db
    .select()
    .from(runs)
    .where(and(eq(runs.orgId, orgId), eq(runs.triggerId, triggerId)));
  return rows.sort((a, b) => a.id.localeCompare(b.id));
}

/** The slots a trigger claimed, oldest first. */
export async function firesOf(server: TestServer, orgId: string, triggerId: string) {
  const rows = await server.app.database.db
    .select()
    .from(triggerFires)
    .where(and(eq(triggerFires.orgId, orgId), eq(triggerFires.triggerId, triggerId)));
  return rows.sort((a, b) => a.slot.getTime() - b.slot.getTime());
}
