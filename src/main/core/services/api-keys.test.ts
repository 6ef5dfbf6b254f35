import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http } from '../../../../server/src/testing/http';
import { signUpUser, startTestServer, testPassword, uniqueEmail } from '../../../../server/src/testing/test-server';
import type { TestServer } from '../../../../server/src/testing/test-server';
import { addMember } from '../../../../server/src/features/sync/test-fixtures';
import { createKey } from '../../../../server/src/features/api-keys/api-key-fixtures';
import type { CreatedApiKey } from '@shared/schemas/automation';
import type { Org } from '@shared/schemas/org';
import { openTestCore } from '../testing/test-core';
import { waitUntil } from '../testing/wait';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('API keys on the desktop', () => {
  it('lists the org’s keys from the local copy and flags those whose creator left', async () => {
    const email = uniqueEmail('kim');
    await signUpUser(server, { email, name: 'Kim' });
    const desk = await openTestCore();
    await desk.call('session.signIn', { serverUrl: server.url, email, password: testPassword });
    const org = (await desk.call('mutate', { orgId: null, name: 'org.create', args: { name: 'Keys Co' } })) as Org;

    // The owner creates one key from the desktop (an online mutator: the secret comes back once).
    const mine = (await desk.call('mutate', {
      orgId: org.id,
      name: 'apiKey.create',
      args: { name: 'Owner key', type: 'standard', scopes: ['runs.execute'] },
    })) as CreatedApiKey;
    expect(mine.secret).toMatch(/^bd_standard_/);

    // A co-admin creates another, then leaves the organization.
    const coAdmin = await signUpUser(server, { email: uniqueEmail('cody'), name: 'Cody' });
    await addMember(server, org.id, coAdmin.user.id, 'co_admin');
    const theirs = await createKey(server, coAdmin.token, org.id, { name: 'Cody key', scopes: ['usage.read'] });
    const listed = await waitUntil(async () => {
      const keys = await desk.call('apiKeys.list', { orgId: org.id });
      return keys.length === 2 ? keys : undefined;
    }, 'both keys on the desktop');
    expect(listed.map((k) => [k.name, k.creatorLeft])).toEqual([
      ['Cody key', false],
      ['Owner key', false],
    ]);
    expect(JSON.stringify(listed)).not.toContain(mine.secret);

    const left = await http(server, 'POST', `/v1/orgs/${org.id}/leave`, { token: coAdmin.token });
    expect(left.status).toBe(200);
    const flagged = await waitUntil(async () => {
      const keys = await desk.call('apiKeys.list', { orgId: org.id });
      return keys.find((k) => k.id === theirs.apiKey.id)?.creatorLeft ? keys : undefined;
    }, 'the key flagged once its creator left');
    expect(flagged.map((k) => [k.name, k.creatorLeft, k.revokedAt])).toEqual([
      ['Cody key', true, null],
      ['Owner key', false, null],
    ]);

    // Revoking from the desktop: the key stays listed, revoked.
    await desk.call('mutate', { orgId: org.id, name: 'apiKey.revoke', args: { keyId: mine.apiKey.id } });
    const after = await desk.call('apiKeys.list', { orgId: org.id });
    expect(after.find((k) => k.id === mine.apiKey.id)?.revokedAt).not.toBeNull();
    await desk.close();
  });
});
