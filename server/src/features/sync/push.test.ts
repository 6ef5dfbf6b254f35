import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Org } from '@shared/schemas/org';
import { http } from '../../testing/http';
import { signUpUser, startTestServer, uniqueEmail } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { addMember, createOrg, pull, push } from './test-fixtures';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function newUser(label: string) {
  return signUpUser(server, { email: uniqueEmail(label), name: label });
}

async function orgName(token: string, orgId: string): Promise<string> {
  return (await http<Org>(server, 'GET', `/v1/orgs/${orgId}`, { token })).body.name;
}

const rename = (id: number, orgId: string, name: string) => ({
  id,
  orgId,
  name: 'org.update',
  args: { patch: { name } },
});

describe('push', () => {
  it('applies a mutation, and a replay returns the stored outcome without applying it again', async () => {
    const { token } = await newUser('pusher');
    const org = await createOrg(server, token);
    const clientId = crypto.randomUUID();

    const first = await push(server, token, clientId, [rename(1, org.id, 'Renamed once')]);
    expect(first.status).toBe(200);
    expect(first.body.outcomes).toEqual([{ id: 1, status: 'applied' }]);
    expect(await orgName(token, org.id)).toBe('Renamed once');

    // Someone else changes the name meanwhile; replaying mutation 1 must not overwrite it.
    await http(server, 'PATCH', `/v1/orgs/${org.id}`, { token, body: { name: 'Changed on the web' } });
    const replay = await push(server, token, clientId, [rename(1, org.id, 'Renamed once')]);
    expect(replay.body.outcomes).toEqual([{ id: 1, status: 'applied' }]);
    expect(await orgName(token, org.id)).toBe('Changed on the web');

    const pulled = await pull(server, token, clientId, { [org.id]: 0 });
    expect(pulled.body.orgs[0]?.lastMutationId).toBe(1);
  });

  it("consumes a viewer's org.update as refused with forbidden and changes nothing", async () => {
    const owner = await newUser('owner');
    const viewer = await newUser('viewer');
    const org = await createOrg(server, owner.token, 'Viewers Inc');
    await addMember(server, org.id, viewer.user.id, 'viewer');
    const clientId = crypto.randomUUID();

    const res = await push(server, viewer.token, clientId, [rename(7, org.id, 'Hijacked')]);
    expect(res.body.outcomes).toMatchObject([{ id: 7, status: 'refused', error: { code: 'forbidden' } }]);
    expect(await orgName(owner.token, org.id)).toBe('Viewers Inc');

    // Consumed: the same id answers the same refusal, and the next id goes through the same checks.
    const again = await push(server, viewer.token, clientId, [rename(7, org.id, 'Hijacked')]);
    expect(again.body.outcomes).toMatchObject([{ id: 7, status: 'refused', error: { code: 'forbidden' } }]);
    const pulled = await pull(server, viewer.token, clientId, { [org.id]: 0 });
    expect(pulled.body.orgs[0]?.lastMutationId).toBe(7);
  });

  it('refuses invalid args with validation_failed and keeps going with the next mutation', async () => {
    const { token } = await newUser('validator');
    const org = await createOrg(server, token);
    const res = await push(server, token, crypto.randomUUID(), [
      { id: 1, orgId: org.id, name: 'org.update', args: { patch: { slug: 'Not A Slug!' } } },
      rename(2, org.id, 'Still renamed'),
    ]);
    expect(res.body.outcomes).toMatchObject([
      { id: 1, status: 'refused', error: { code: 'validation_failed' } },
      { id: 2, status: 'applied' },
    ]);
    expect(await orgName(token, org.id)).toBe('Still renamed');
  });

  it('refuses online mutators, which cannot be queued', async () => {
    const { token } = await newUser('online');
    const org = await createOrg(server, token);
    const res = await push(server, token, crypto.randomUUID(), [
      { id: 1, orgId: org.id, name: 'org.delete', args: { confirmSlug: org.slug } },
    ]);
    expect(res.body.outcomes).toMatchObject([{ id: 1, status: 'refused', error: { code: 'validation_failed' } }]);
    expect((await http(server, 'GET', `/v1/orgs/${org.id}`, { token })).status).toBe(200);
  });

  it("refuses an outsider's mutation as not_found", async () => {
    const owner = await newUser('insider');
    const outsider = await newUser('outsider');
    const org = await createOrg(server, owner.token, 'Private Co');
    const res = await push(server, outsider.token, crypto.randomUUID(), [rename(1, org.id, 'Mine now')]);
    expect(res.body.outcomes).toMatchObject([{ id: 1, status: 'refused', error: { code: 'not_found' } }]);
    expect(await orgName(owner.token, org.id)).toBe('Private Co');
  });

  it('answers client_reset for an id below the last one with no stored outcome', async () => {
    const { token } = await newUser('restored');
    const org = await createOrg(server, token);
    const clientId = crypto.randomUUID();
    await push(server, token, clientId, [rename(5, org.id, 'Five')]);
    const res = await push(server, token, clientId, [rename(3, org.id, 'Three')]);
    expect(res.body.outcomes).toMatchObject([{ id: 3, status: 'refused', error: { code: 'client_reset' } }]);
    expect(await orgName(token, org.id)).toBe('Five');
  });

  it('applies mutations in id order whatever order they arrive in', async () => {
    const { token } = await newUser('orderly');
    const org = await createOrg(server, token);
    const res = await push(server, token, crypto.randomUUID(), [
      rename(2, org.id, 'Second'),
      rename(1, org.id, 'First'),
    ]);
    expect(res.body.outcomes.map((o) => o.id)).toEqual([1, 2]);
    expect(await orgName(token, org.id)).toBe('Second');
  });

  it('applies a mutation once when the same push arrives twice at the same time', async () => {
    const { token } = await newUser('impatient');
    const org = await createOrg(server, token);
    const clientId = crypto.randomUUID();
    // A pull from 0 answers a reset (this user's grant is newer) carrying the org's head version.
    const head = async () => (await pull(server, token, clientId, { [org.id]: 0 })).body.orgs[0]?.version ?? -1;
    const start = await head();
    const batch = [rename(1, org.id, 'Once'), rename(2, org.id, 'Twice')];
    const [a, b] = await Promise.all([push(server, token, clientId, batch), push(server, token, clientId, batch)]);
    expect(a.body.outcomes).toEqual([
      { id: 1, status: 'applied' },
      { id: 2, status: 'applied' },
    ]);
    expect(b.body.outcomes).toEqual(a.body.outcomes);
    // Each rename logs the org and its audit event.
    expect(await head()).toBe(start + 4);
    expect(await orgName(token, org.id)).toBe('Twice');
  });

  it('answers 426 client_outdated to another protocol version', async () => {
    const { token } = await newUser('old-app');
    const org = await createOrg(server, token);
    const res = await push(server, token, crypto.randomUUID(), [rename(1, org.id, 'Old')], 999);
    expect(res.status).toBe(426);
    expect(res.body).toMatchObject({ error: { code: 'client_outdated' } });
    expect(await orgName(token, org.id)).toBe(org.name);
  });

  it('needs a session', async () => {
    const res = await push(server, 'not-a-token', crypto.randomUUID(), []);
    expect(res.status).toBe(401);
  });
});
