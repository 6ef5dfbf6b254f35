import { PROTOCOL_VERSION, pushResultSchema } from '@shared/schemas/sync';
import type { Notice } from '@shared/ipc';
import { inTransaction } from '../db/connection';
import { clearOverlays, deleteOutbox, markPushed } from '../db/mutations';
import { unpushedOutbox, visibleOrg } from '../db/queries';
import type { SyncContext } from './context';
import { replayPending } from './local-mutators';

/** Mutations per push request (the server accepts up to 500). */
const batchSize = 100;

/**
 * Sends the outbox in id order. Applied mutations stay (marked pushed) until a pull brings their
 * effect; refused ones are consumed: their effect is reverted and the user is told why.
 */
export async function pushOutbox(ctx: SyncContext): Promise<void> {
  for (;;) {
    const batch = unpushedOutbox(ctx.db, batchSize);
    if (batch.length === 0) return;
    const body = {
      clientId: ctx.clientId,
      protocol: PROTOCOL_VERSION,
      mutations: batch.map((m) => ({ id: m.id, orgId: m.orgId, name: m.name, args: m.args })),
    };
    const { outcomes } = await ctx.client.json('POST', '/v1/sync/push', pushResultSchema, body);
    const refused: { orgId: string; message: string }[] = [];
    const notices: Notice[] = [];
    inTransaction(ctx.db, () => {
      for (const outcome of outcomes) {
        const mutation = batch.find((m) => m.id === outcome.id);
        if (!mutation) continue;
        if (outcome.status === 'applied') {
          markPushed(ctx.db, mutation.id);
        } else {
          deleteOutbox(ctx.db, mutation.id);
          refused.push({ orgId: mutation.orgId, message: outcome.error.message });
        }
      }
      for (const orgId of new Set(refused.map((r) => r.orgId))) {
        clearOverlays(ctx.db, orgId);
        replayPending(ctx.db, orgId);
      }
      // Named after the revert, so the notice shows the name the user sees again.
      for (const r of refused) {
        const orgName = visibleOrg(ctx.db, r.orgId)?.name ?? 'an organization';
        notices.push({
          level: 'error',
          title: 'A change was not saved',
          message: `Your change in ${orgName} was refused and undone: ${r.message}`,
          orgId: r.orgId,
        });
      }
    });
    for (const notice of notices) ctx.emit('notice', notice);
    if (refused.length > 0) {
      ctx.emit('data.changed', {
        orgIds: [...new Set(refused.map((r) => r.orgId))],
        entities: ['org', 'role', 'member'],
      });
    }
    // A server that left some of the batch unanswered would make us loop: stop and let a retry handle it.
    if (outcomes.length < batch.length) return;
  }
}
