import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpUser, startTestServer, testPassword, uniqueEmail } from '../../../../server/src/testing/test-server';
import type { TestServer } from '../../../../server/src/testing/test-server';
import { openTestCore } from '../testing/test-core';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const token = () => randomBytes(32).toString('base64url');

describe('deep links through the core', () => {
  it('keeps a link that arrives signed out until sign-in, then hands it to the page once', async () => {
    const desk = await openTestCore();
    const pokes: number[] = [];
    desk.core.on('app.deepLink', ({ pending }) => pokes.push(pending));
    const invite = token();

    expect(desk.core.receiveArgv(['/opt/Botdesk/botdesk', '--', `botdesk://accept-invite/${invite}`])).toBe(true);
    expect(await desk.call('app.takeDeepLinks', {})).toEqual([]);

    const user = await signUpUser(server, { email: uniqueEmail('linked'), name: 'Linked' });
    await desk.call('session.signIn', { serverUrl: server.url, email: user.user.email, password: testPassword });
    expect(await desk.call('app.takeDeepLinks', {})).toEqual([{ kind: 'acceptInvite', token: invite }]);
    expect(await desk.call('app.takeDeepLinks', {})).toEqual([]);

    // The page is listening now: the next link is announced (count only, never the token).
    expect(desk.core.receiveDeepLink(`botdesk://accept-invite/${token()}`)).toBe(true);
    expect(pokes).toEqual([1]);
    await desk.close();
  });

  it('refuses anything that is not a valid botdesk:// link', async () => {
    const desk = await openTestCore();
    expect(desk.core.receiveDeepLink('botdesk://accept-invite/short')).toBe(false);
    expect(desk.core.receiveDeepLink(`https://botdesk.example/accept-invite/${token()}`)).toBe(false);
    expect(desk.core.receiveArgv(['/opt/Botdesk/botdesk', '--inspect=9229'])).toBe(false);
    await desk.close();
  });
});
