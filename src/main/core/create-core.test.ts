import { describe, expect, it } from 'vitest';
import { openTestCore } from './testing/test-core';

describe('core invoke', () => {
  it('answers an unknown method and bad input with validation errors a person can read', async () => {
    const desk = await openTestCore();

    expect(await desk.core.invoke('system.exec', {})).toEqual({
      ok: false,
      error: { code: 'validation_failed', message: 'Unknown method "system.exec"' },
    });
    const bad = await desk.fail('session.signUp', {
      serverUrl: 'http://127.0.0.1:1',
      email: 'nope',
      password: 'short',
      name: '',
    });
    expect(bad.code).toBe('validation_failed');
    expect(bad.message).toMatch(/email: Enter a valid email address/);
    expect(bad.message).toMatch(/password: Use at least 10 characters/);
    await desk.close();
  });

  it('reports an unreachable server as offline, and data calls as needing a sign-in', async () => {
    const desk = await openTestCore({ fetch: async () => Promise.reject(new TypeError('fetch failed')) });

    const offline = await desk.fail('session.signIn', {
      serverUrl: 'http://127.0.0.1:9',
      email: 'a@example.test',
      password: 'x',
    });

    expect(offline.code).toBe('offline');
    expect((await desk.fail('orgs.list', {})).code).toBe('unauthenticated');
    expect(await desk.call('sync.status', {})).toMatchObject({ online: false, pendingCount: 0 });
    await desk.close();
  });

  it('hides internal failures behind a generic message', async () => {
    const desk = await openTestCore({
      fetch: async () => new Response('<html>/home/ada/.botdesk stack', { status: 200 }),
    });

    const error = await desk.fail('session.signIn', {
      serverUrl: 'http://127.0.0.1:9',
      email: 'a@example.test',
      password: 'x',
    });

    expect(error.code).toBe('internal');
    expect(error.message).not.toContain('/home/ada');
    await desk.close();
  });
});
