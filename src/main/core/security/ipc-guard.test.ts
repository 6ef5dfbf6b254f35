import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore } from '../testing/test-core';
import type { TestCore } from '../testing/test-core';
import { appPage } from './app-page';
import { answerInvoke } from './ipc-guard';

const page = appPage(null);
const appFrame = { url: 'app://botdesk/index.html#/sign-in', isMainFrame: true };
let desk: TestCore;
beforeAll(async () => {
  desk = await openTestCore();
});
afterAll(async () => {
  await desk.close();
});

describe('the IPC guard', () => {
  it('answers the app page', async () => {
    expect(await answerInvoke(desk.core, page, appFrame, 'session.get', {})).toEqual({
      ok: true,
      value: { status: 'signedOut', serverUrl: null },
    });
  });

  it('refuses a foreign page, a subframe and a missing frame with forbidden', async () => {
    for (const sender of [
      { url: 'https://evil.example/', isMainFrame: true },
      { ...appFrame, isMainFrame: false },
      null,
    ]) {
      const answer = await answerInvoke(desk.core, page, sender, 'session.get', {});
      expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('refuses bad input with validation_failed before any handler runs', async () => {
    expect(await answerInvoke(desk.core, page, appFrame, 42, {})).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
    const answer = await answerInvoke(desk.core, page, appFrame, 'session.signIn', {
      serverUrl: 'file:///etc/passwd',
      email: 'x',
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  });
});
