import { inTransaction } from '../../src/main/core/db/connection';
import type { LocalDb } from '../../src/main/core/db/connection';
import { insertOutbox, takeMutationId } from '../../src/main/core/db/mutations';
import { visibleOrg } from '../../src/main/core/db/queries';
import { applyLocal } from '../../src/main/core/sync/local-mutators';
import type { Desktop } from './desktops';
import { since, yieldToEventLoop } from './stats';

/**
 * `org.update` through the core's public surface, as the IPC layer calls it: validation, the local
 * permission check, row + outbox in one SQLite transaction, the change event, the push wake-up.
 * Timed per call; between calls the event loop runs (pushes and pulls proceed as in the app).
 */
export async function measureCoreMutations(
  desktop: Desktop,
  orgId: string,
  count: number,
): Promise<{ samples: number[]; lastName: string }> {
  const samples: number[] = [];
  let lastName = '';
  for (let i = 0; i < count; i++) {
    lastName = `Edited locally ${i}`;
    const started = performance.now();
    const answer = await desktop.test.core.invoke('mutate', {
      orgId,
      name: 'org.update',
      args: { patch: { name: lastName } },
    });
    samples.push(since(started));
    if (!answer.ok) throw new Error(`mutate failed: ${answer.error.code}: ${answer.error.message}`);
    await yieldToEventLoop();
  }
  return { samples, lastName };
}

/** Only the transaction `mutate` runs (id, overlay, outbox row), with the core's own functions. */
export function measureApplyTransaction(db: LocalDb, orgId: string, count: number): number[] {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const args = { patch: { name: `Applied ${i}` } };
    const started = performance.now();
    inTransaction(db, () => {
      const id = takeMutationId(db);
      applyLocal(db, orgId, 'org.update', args);
      insertOutbox(db, { id, orgId, name: 'org.update', args });
    });
    samples.push(since(started));
  }
  return samples;
}

/**
 * The reference: the same three writes (take an id, overlay the org row, append to the outbox) as
 * bare prepared statements in one transaction, the new row's JSON built inline.
 */
export function measureRawApply(db: LocalDb, orgId: string, count: number): number[] {
  const { sqlite } = db;
  const takeId = sqlite.prepare(
    'UPDATE meta SET next_mutation_id = next_mutation_id + 1 WHERE id = 1 RETURNING next_mutation_id - 1 AS id',
  );
  const overlay = sqlite.prepare('UPDATE orgs SET local = ?, name = ?, slug = ? WHERE id = ?');
  const append = sqlite.prepare(
    'INSERT INTO outbox (id, org_id, name, args, created_at, pushed) VALUES (?, ?, ?, ?, ?, 0)',
  );
  const base = visibleOrg(db, orgId);
  if (!base) throw new Error('the org is not stored');
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const patch = { name: `Raw ${i}` };
    const started = performance.now();
    inTransaction(db, () => {
      const { id } = takeId.get() as { id: number };
      overlay.run(JSON.stringify({ ...base, ...patch }), patch.name, base.slug, orgId);
      append.run(id, orgId, 'org.update', JSON.stringify({ patch }), new Date().toISOString());
    });
    samples.push(since(started));
  }
  return samples;
}
