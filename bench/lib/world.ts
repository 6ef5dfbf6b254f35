import type { TestMailbox } from '../../server/src/testing/test-mailbox';
import { createOrg, signUp } from './accounts';
import type { Account } from './accounts';
import type { BenchServer } from './server-handle';

/** Who and what the benchmark works with, all on the bench server. */
export type World = {
  /** Owns both orgs; commits the changes that travel to the other desktops. */
  owner: Account;
  /** Viewer members of `liveOrg` only; each runs one listening desktop. */
  listeners: Account[];
  /** The owner's org with `memberRows` seeded members (+ the owner, 7 roles, the org row). */
  bigOrgId: string;
  /** A small org shared by the owner and every listener. */
  liveOrgId: string;
  seedSeconds: number;
};

export async function buildWorld(
  server: BenchServer,
  mailbox: TestMailbox,
  options: { memberRows: number; listeners: number },
): Promise<World> {
  const owner = await signUp(server.url, mailbox, 'Bench Owner');
  const bigOrg = await createOrg(server.url, owner, 'Bench Big Org');
  const liveOrg = await createOrg(server.url, owner, 'Bench Live Org');
  const listeners: Account[] = [];
  // A few at a time: each sign-up is a password hash on the server's two cores.
  for (let i = 0; i < options.listeners; i += 4) {
    const batch = Array.from({ length: Math.min(4, options.listeners - i) }, (_, k) => `Bench Listener ${i + k + 1}`);
    listeners.push(...(await Promise.all(batch.map((name) => signUp(server.url, mailbox, name)))));
  }
  const seeded = await server.child.call('seedMembers', {
    orgId: bigOrg.id,
    ownerId: owner.user.id,
    count: options.memberRows,
  });
  await server.child.call('addViewers', {
    orgId: liveOrg.id,
    ownerId: owner.user.id,
    userIds: listeners.map((l) => l.user.id),
  });
  return { owner, listeners, bigOrgId: bigOrg.id, liveOrgId: liveOrg.id, seedSeconds: seeded.seconds };
}
