import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MyMembership } from '@shared/schemas/org';
import { demoAccount, seedDemo } from './seed-demo';
import { http } from './testing/http';
import { startTestServer } from './testing/test-server';
import type { TestServer } from './testing/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('demo seed', () => {
  it('creates a verified demo account with its workspace and Acme Automation, once', async () => {
    expect(await seedDemo(server.app)).toBe(true);
    expect(await seedDemo(server.app)).toBe(false);
    const signIn = await http<{ token: string; user: { emailVerified: boolean } }>(
      server,
      'POST',
      '/v1/auth/sign-in/email',
      {
        body: { email: demoAccount.email, password: demoAccount.password },
      },
    );
    expect(signIn.status).toBe(200);
    expect(signIn.body.user.emailVerified).toBe(true);
    const me = await http<{ memberships: MyMembership[] }>(server, 'GET', '/v1/me', { token: signIn.body.token });
    expect(me.body.memberships.map((m) => [m.org.name, m.org.isPersonal, m.role.key])).toEqual([
      ['Demo User', true, 'owner'],
      ['Acme Automation', false, 'owner'],
    ]);
  });
});
