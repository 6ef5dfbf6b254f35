import { describe, expect, it } from 'vitest';
import { DeepLinkQueue, type DeepLinkQueueOptions } from './deep-link-queue';
import type { DeepLink } from '@shared/schemas/app';

/** A distinct valid invitation link per number (token shape as the server mints it). */
function invite(n: number): DeepLink {
  return { kind: 'acceptInvite', token: `${String(n).padStart(42, 'A')}w` };
}

function setup(options: DeepLinkQueueOptions = {}) {
  let clock = 1_000_000;
  const queue = new DeepLinkQueue({ now: () => clock, ...options });
  const delivered: DeepLink[] = [];
  const open = () => {
    queue.attach((link) => delivered.push(link));
    queue.setReady(true);
    queue.setSignedIn(true);
  };
  return { queue, delivered, open, advance: (ms: number) => (clock += ms) };
}

describe('DeepLinkQueue delivery gate', () => {
  it.each([
    ['no consumer', { consumer: false, ready: true, signedIn: true }],
    ['not ready', { consumer: true, ready: false, signedIn: true }],
    ['signed out', { consumer: true, ready: true, signedIn: false }],
  ])('holds links with %s', (_name, state) => {
    const { queue, delivered } = setup();
    if (state.consumer) queue.attach((link) => delivered.push(link));
    queue.setReady(state.ready);
    queue.setSignedIn(state.signedIn);
    queue.push(invite(1));
    expect(delivered).toEqual([]);
    expect(queue.size).toBe(1);
  });

  it.each([
    ['attach last', ['ready', 'signedIn', 'attach']],
    ['ready last', ['attach', 'signedIn', 'ready']],
    ['sign-in last', ['attach', 'ready', 'signedIn']],
  ])('delivers a cold-start link once all three hold (%s)', (_name, order) => {
    const { queue, delivered } = setup();
    queue.push(invite(1));
    for (const step of order) {
      expect(delivered).toEqual([]);
      if (step === 'attach') queue.attach((link) => delivered.push(link));
      if (step === 'ready') queue.setReady(true);
      if (step === 'signedIn') queue.setSignedIn(true);
    }
    expect(delivered).toEqual([invite(1)]);
    expect(queue.size).toBe(0);
  });

  it('keeps a link that arrives while signed out until someone signs in, and delivers it once', () => {
    const { queue, delivered, open, advance } = setup();
    open();
    queue.setSignedIn(false);
    queue.push(invite(1));
    advance(60_000);
    expect(delivered).toEqual([]);
    queue.setSignedIn(true);
    queue.setSignedIn(false);
    queue.setSignedIn(true);
    queue.setReady(false);
    queue.setReady(true);
    expect(delivered).toEqual([invite(1)]);
  });

  it('delivers at once while open, in arrival order', () => {
    const { queue, delivered, open } = setup();
    open();
    queue.push(invite(1));
    queue.push(invite(2));
    queue.push(invite(3));
    expect(delivered).toEqual([invite(1), invite(2), invite(3)]);
  });

  it('stops delivering when detached and resumes with the next consumer', () => {
    const { queue } = setup();
    const first: DeepLink[] = [];
    const second: DeepLink[] = [];
    queue.setReady(true);
    queue.setSignedIn(true);
    const detach = queue.attach((link) => first.push(link));
    detach();
    queue.push(invite(1));
    expect(first).toEqual([]);
    queue.attach((link) => second.push(link));
    expect(second).toEqual([invite(1)]);
  });

  it('refuses a second consumer', () => {
    const { queue } = setup();
    queue.attach(() => undefined);
    expect(() => queue.attach(() => undefined)).toThrow(/already attached/);
  });
});

describe('DeepLinkQueue duplicates', () => {
  it('delivers one link that arrives twice in a burst (argv and second-instance) once', () => {
    const { queue, delivered, open, advance } = setup();
    expect(queue.push(invite(1))).toBe(true);
    advance(300);
    expect(queue.push(invite(1))).toBe(false);
    open();
    advance(300);
    expect(queue.push(invite(1))).toBe(false);
    expect(delivered).toEqual([invite(1)]);
  });

  it('delivers the same link again when clicked again later', () => {
    const { queue, delivered, open, advance } = setup();
    open();
    queue.push(invite(1));
    advance(2_001);
    expect(queue.push(invite(1))).toBe(true);
    expect(delivered).toEqual([invite(1), invite(1)]);
  });

  it('never queues a second copy of a waiting link, however late it comes', () => {
    const { queue, advance } = setup();
    queue.push(invite(1));
    advance(3_600_000);
    expect(queue.push(invite(1))).toBe(false);
    expect(queue.size).toBe(1);
  });

  it('keeps different links that arrive together', () => {
    const { queue, delivered, open } = setup();
    queue.push(invite(1));
    queue.push(invite(2));
    open();
    expect(delivered).toEqual([invite(1), invite(2)]);
  });
});

describe('DeepLinkQueue bounds and failures', () => {
  it('keeps the newest ten links and drops the oldest', () => {
    const { queue, delivered, open } = setup();
    for (let n = 1; n <= 12; n++) queue.push(invite(n));
    expect(queue.size).toBe(10);
    open();
    expect(delivered).toEqual(Array.from({ length: 10 }, (_, i) => invite(i + 3)));
  });

  it('honours a smaller bound', () => {
    const { queue, delivered, open } = setup({ maxPending: 2 });
    for (let n = 1; n <= 5; n++) queue.push(invite(n));
    open();
    expect(delivered).toEqual([invite(4), invite(5)]);
  });

  it('loses only the link a failing consumer threw on, and does not throw into the caller', () => {
    const { queue } = setup();
    const delivered: DeepLink[] = [];
    queue.attach((link) => {
      if (link.token === invite(2).token) throw new Error('window destroyed');
      delivered.push(link);
    });
    queue.setSignedIn(true);
    queue.push(invite(1));
    queue.push(invite(2));
    queue.push(invite(3));
    expect(() => queue.setReady(true)).not.toThrow();
    expect(delivered).toEqual([invite(1), invite(3)]);
  });

  it('stops at once when the consumer closes the gate, and keeps the rest waiting', () => {
    const { queue } = setup();
    const delivered: DeepLink[] = [];
    queue.attach((link) => {
      delivered.push(link);
      queue.setReady(false);
    });
    queue.setSignedIn(true);
    queue.push(invite(1));
    queue.push(invite(2));
    queue.setReady(true);
    expect(delivered).toEqual([invite(1)]);
    expect(queue.size).toBe(1);
    queue.setReady(true);
    expect(delivered).toEqual([invite(1), invite(2)]);
  });

  it('delivers a link pushed from inside the consumer once, after the current one', () => {
    const { queue } = setup();
    const delivered: DeepLink[] = [];
    queue.attach((link) => {
      delivered.push(link);
      if (link.token === invite(1).token) queue.push(invite(2));
    });
    queue.setReady(true);
    queue.setSignedIn(true);
    queue.push(invite(1));
    expect(delivered).toEqual([invite(1), invite(2)]);
  });

  it('refuses anything that is not a parsed link', () => {
    const { queue, delivered, open } = setup();
    open();
    for (const bogus of [
      'botdesk://accept-invite/x',
      { kind: 'acceptInvite', token: 'short' },
      { kind: 'open', token: invite(1).token },
      null,
    ]) {
      expect(queue.push(bogus as unknown as DeepLink)).toBe(false);
    }
    expect(delivered).toEqual([]);
  });

  it('rejects nonsensical options', () => {
    expect(() => new DeepLinkQueue({ maxPending: 0 })).toThrow();
    expect(() => new DeepLinkQueue({ duplicateWindowMs: -1 })).toThrow();
  });
});
