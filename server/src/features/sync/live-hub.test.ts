import { describe, expect, it } from 'vitest';
import type { Permission } from '@shared/permissions';
import { LiveHub } from './live-hub';
import type { OrgGrants } from './live-hub';

const orgA = '0190a000-0000-7000-8000-00000000000a';
const orgB = '0190a000-0000-7000-8000-00000000000b';
const alice = '0190a000-0000-7000-8000-0000000000a1';
const bob = '0190a000-0000-7000-8000-0000000000b0';

/** A hub whose membership source is a plain table the test edits. */
function setup(initial: Record<string, Record<string, Permission[]>>) {
  const table = new Map(Object.entries(initial).map(([user, orgs]) => [user, new Map(Object.entries(orgs))]));
  const hub = new LiveHub(async (userId): Promise<OrgGrants> => new Map(table.get(userId) ?? []));
  const received = new Map<string, string[]>();
  const signedOut = new Set<string>();
  const ended: string[] = [];
  const open = async (userId: string) => {
    const out: string[] = [];
    received.set(userId, out);
    return hub.open(userId, {
      write: (text) => out.push(text),
      stillValid: async () => !signedOut.has(userId),
      end: () => ended.push(userId),
    });
  };
  const events = (userId: string) =>
    (received.get(userId) ?? []).filter((t) => t.startsWith('data: ')).map((t) => JSON.parse(t.slice(6)) as unknown);
  return { hub, table, open, events, received, signedOut, ended };
}

describe('LiveHub', () => {
  it('greets a stream, then pokes only members of the org', async () => {
    const { hub, open, events } = setup({ [alice]: { [orgA]: ['org.read'] }, [bob]: { [orgB]: ['org.read'] } });
    await open(alice);
    await open(bob);
    hub.onOrgChange(JSON.stringify({ orgId: orgA, version: 4 }));
    expect(events(alice)).toEqual([
      { type: 'hello', protocol: 1 },
      { type: 'poke', orgId: orgA, version: 4 },
    ]);
    expect(events(bob)).toEqual([{ type: 'hello', protocol: 1 }]);
  });

  it('ignores malformed notifications', async () => {
    const { hub, open, events } = setup({ [alice]: { [orgA]: ['org.read'] } });
    await open(alice);
    hub.onOrgChange('not json');
    hub.onOrgChange(JSON.stringify({ orgId: orgA }));
    expect(events(alice)).toHaveLength(1);
  });

  it('stops poking a removed member at once and starts on an added one', async () => {
    const { hub, table, open, events } = setup({ [alice]: { [orgA]: ['org.read'] } });
    await open(alice);
    table.set(alice, new Map([[orgB, ['org.read']]]));
    const removal = hub.onMembership(JSON.stringify({ orgId: orgA, userId: alice, change: 'removed' }));
    const addition = hub.onMembership(JSON.stringify({ orgId: orgB, userId: alice, change: 'added' }));
    hub.onOrgChange(JSON.stringify({ orgId: orgA, version: 9 }));
    hub.onOrgChange(JSON.stringify({ orgId: orgB, version: 2 }));
    await Promise.all([removal, addition]);
    expect(events(alice).slice(1)).toEqual([
      { type: 'membership', orgId: orgA, change: 'removed' },
      { type: 'membership', orgId: orgB, change: 'added' },
      { type: 'poke', orgId: orgB, version: 2 },
    ]);
  });

  it('sends a permission-restricted signal only to members holding it', async () => {
    const { hub, open, events } = setup({ [alice]: { [orgA]: ['bots.read'] }, [bob]: { [orgA]: ['org.read'] } });
    await open(alice);
    await open(bob);
    hub.onSignal(
      JSON.stringify({ orgId: orgA, name: 'runner.heartbeat', data: { ok: true }, permission: 'bots.read' }),
    );
    expect(events(alice).at(-1)).toEqual({ type: 'signal', orgId: orgA, name: 'runner.heartbeat', data: { ok: true } });
    expect(events(bob)).toEqual([{ type: 'hello', protocol: 1 }]);
  });

  it('sends a heartbeat comment to every open stream, and nothing after a stream closes', async () => {
    const { hub, open, received } = setup({ [alice]: {}, [bob]: {} });
    const closeAlice = await open(alice);
    await open(bob);
    await hub.heartbeat();
    closeAlice();
    await hub.heartbeat();
    expect(received.get(alice)?.filter((t) => t.startsWith(':'))).toHaveLength(1);
    expect(received.get(bob)?.filter((t) => t.startsWith(':'))).toHaveLength(2);
    expect(hub.streamCount).toBe(1);
  });

  it('ends the streams of a session that is no longer signed in, at the next heartbeat', async () => {
    const { hub, open, signedOut, ended } = setup({ [alice]: {}, [bob]: {} });
    await open(alice);
    await open(bob);
    signedOut.add(alice);
    await hub.heartbeat();
    expect(ended).toEqual([alice]);
  });
});
