import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '@shared/errors';
import type { Database } from '../../db/client';
import { triggers } from '../../db/schema';
import { queryRows, withTx } from '../../db/tx';
import { queueRun } from '../runs/queue-run';
import { recordChange } from '../sync/change-log';
import { triggerColumns, triggerSyncView } from './trigger-views';
import { newWebhookSecret, signatureMatches, timestampProblem } from './webhook-signature';

/** A webhook call as it arrived: the raw body is what was signed. */
export type WebhookCall = {
  triggerId: string;
  rawBody: Buffer;
  signature: string | undefined;
  timestamp: string | undefined;
  /** The caller's `Idempotency-Key`: the same key never queues two runs of this trigger. */
  idempotencyKey: string | undefined;
};

/**
 * The one answer to an unknown trigger, a disabled one, a non-webhook trigger and a wrong signature,
 * so a caller learns nothing about which trigger ids exist.
 */
const notVerified = () =>
  new AppError('unauthenticated', 'The webhook signature could not be verified for this trigger');

// Checked against when no trigger answers, so an unknown id costs the same HMAC as a known one.
const decoySecret = newWebhookSecret();

/** The org and secret of an enabled webhook trigger (through the SECURITY DEFINER lookup); null otherwise. */
async function webhookSecretOf(
  database: Database,
  triggerId: string,
): Promise<{ orgId: string; secret: string } | null> {
  const rows = await withTx(database, { userId: null, orgId: null }, (c) =>
    queryRows<{ org_id: string; secret: string }>(
      c.tx,
      sql`SELECT org_id, secret FROM botdesk_webhook_secret(${triggerId})`,
    ),
  );
  const row = rows[0];
  return row ? { orgId: row.org_id, secret: row.secret } : null;
}

/**
 * Verifies a webhook call (timestamp within ±5 minutes, HMAC-SHA256 of `<timestamp>.<raw body>`
 * under the trigger's current secret) and queues a run of the trigger's bot. Answers the run id;
 * a disabled bot answers conflict.
 */
export async function acceptWebhook(database: Database, call: WebhookCall, now: Date): Promise<{ runId: string }> {
  const stale = timestampProblem(call.timestamp, now);
  if (stale) throw new AppError('unauthenticated', stale);
  const timestamp = call.timestamp ?? '';
  const found = await webhookSecretOf(database, call.triggerId);
  const verified = signatureMatches(found?.secret ?? decoySecret, timestamp, call.rawBody, call.signature);
  if (!found || !verified) throw notVerified();
  const { orgId } = found;
  return withTx(database, { userId: null, orgId }, async (c) => {
    const [trigger] = await c.tx
      .select(triggerColumns)
      .from(triggers)
      .where(and(eq(triggers.orgId, orgId), eq(triggers.id, call.triggerId), eq(triggers.enabled, true)))
      .for('update');
    // Disabled or deleted since the lookup: the same answer as any unverifiable call.
    if (!trigger) throw notVerified();
    // Without a key of the caller's, the signature is the key: a request replayed within the
    // timestamp window answers the run it queued the first time instead of queueing another.
    const key = call.idempotencyKey
      ? `webhook:${trigger.id}:key:${call.idempotencyKey}`
      : `webhook:${trigger.id}:sig:${call.signature ?? ''}`;
    const { run, created } = await queueRun(
      c,
      orgId,
      { botId: trigger.botId, triggerId: trigger.id, actorId: null, startedBy: trigger.name, idempotencyKey: key },
      now,
    );
    if (created) {
      const [row] = await c.tx
        .update(triggers)
        .set({ lastFiredAt: now, updatedAt: now })
        .where(and(eq(triggers.orgId, orgId), eq(triggers.id, trigger.id)))
        .returning(triggerColumns);
      if (row)
        await recordChange(c, { orgId, entity: 'trigger', entityId: row.id, op: 'upsert', data: triggerSyncView(row) });
    }
    return { runId: run.id };
  });
}
