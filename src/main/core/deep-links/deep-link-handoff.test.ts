import { describe, expect, it } from 'vitest';
import { DeepLinkHandoff } from './deep-link-handoff';
import { DeepLinkQueue } from './deep-link-queue';
import type { DeepLink } from '@shared/schemas/app';

function invite(n: number): DeepLink {
  return { kind: 'acceptInvite', token: `${String(n).padStart(42, 'A')}w` };
}

function setup() {
  const queue = new DeepLinkQueue();
  const nudges: unknown[] = [];
  const handoff = new DeepLinkHandoff(queue, (pending) => nudges.push(pending));
  return { queue, handoff, nudges };
}

describe('DeepLinkHandoff', () => {
  it('gives the renderer nothing while signed out, then the waiting link once after sign-in', () => {
    const { queue, handoff, nudges } = setup();
    queue.push(invite(1));
    expect(handoff.take()).toEqual([]);
    queue.setSignedIn(true);
    expect(nudges).toEqual([1]);
    expect(handoff.take()).toEqual([invite(1)]);
    expect(handoff.take()).toEqual([]);
  });

  it('answers the first take with what waited, without a nudge for it', () => {
    const { queue, handoff, nudges } = setup();
    queue.setSignedIn(true);
    queue.push(invite(1));
    queue.push(invite(2));
    expect(nudges).toEqual([]);
    expect(handoff.take()).toEqual([invite(1), invite(2)]);
    expect(nudges).toEqual([]);
  });

  it('nudges with a count only (never the token) when a link arrives while the renderer listens', () => {
    const { queue, handoff, nudges } = setup();
    queue.setSignedIn(true);
    handoff.take();
    queue.push(invite(1));
    queue.push(invite(2));
    expect(nudges).toEqual([1, 2]);
    expect(handoff.take()).toEqual([invite(1), invite(2)]);
  });

  it('keeps links for the next renderer when the window closes or reloads', () => {
    const { queue, handoff, nudges } = setup();
    queue.setSignedIn(true);
    handoff.take();
    queue.push(invite(1));
    handoff.rendererGone();
    queue.push(invite(2));
    expect(nudges).toEqual([1]);
    expect(handoff.take()).toEqual([invite(1), invite(2)]);
  });

  it('keeps the link when the nudge fails (window being destroyed)', () => {
    const queue = new DeepLinkQueue();
    const handoff = new DeepLinkHandoff(queue, () => {
      throw new Error('Object has been destroyed');
    });
    queue.setSignedIn(true);
    handoff.take();
    queue.push(invite(1));
    expect(handoff.take()).toEqual([invite(1)]);
  });

  it('holds at most ten links for a renderer that never asks', () => {
    const { queue, handoff } = setup();
    queue.setSignedIn(true);
    handoff.take();
    for (let n = 1; n <= 12; n++) queue.push(invite(n));
    expect(handoff.take()).toEqual(Array.from({ length: 10 }, (_, i) => invite(i + 3)));
  });

  it('releases the queue on dispose', () => {
    const { queue, handoff } = setup();
    handoff.dispose();
    expect(() => new DeepLinkHandoff(queue, () => undefined)).not.toThrow();
  });
});
