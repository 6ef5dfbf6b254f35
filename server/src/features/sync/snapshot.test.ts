import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change, SnapshotLine } from '@shared/schemas/sync';
import { snapshotLineSchema } from '@shared/schemas/sync';
import { http } from '../../testing/http';
import { signUpUser, startTestServer, uniqueEmail } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { openSnapshot } from './snapshot';
import { addMember, createOrg, pull, removeMember, snapshot } from './test-fixtures';

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

type LocalCopy = Map<string, Record<string, unknown>>;

/** What a desktop stores from a snapshot: rows by entity and id. */
function storeSnapshot(lines: SnapshotLine[]): { version: number; rows: LocalCopy } {
  const rows: LocalCopy = new Map();
  let version = -1;
  for (const line of lines) {
    if (line.type === 'header') version = line.version;
    if (line.type === 'rows') for (const row of line.rows) rows.set(`${line.entity}:${String(row.id)}`, row);
  }
  return { version, rows };
}

function applyChanges(rows: LocalCopy, changes: Change[]): void {
  for (const change of changes) {
    const key = `${change.entity}:${change.entityId}`;
    if (change.op === 'delete') rows.delete(key);
    else if (change.data) rows.set(key, change.data);
  }
}

describe('snapshot', () => {
  it('streams NDJSON: a header with V0, pages of rows, and an end line with the row count', async () => {
    const owner = await newUser('owner');
    const org = await createOrg(server, owner.token);
    const res = await snapshot(server, owner.token, org.id);
    expect(res.status).toBe(200);
    expect(res.contentType).toContain('application/x-ndjson');
    const lines = res.text
      .trim()
      .split('\n')
      .map((l) => snapshotLineSchema.parse(JSON.parse(l)));
    expect(lines[0]).toMatchObject({ type: 'header', orgId: org.id, protocol: 1 });
    const rows = lines.flatMap((l) => (l.type === 'rows' ? l.rows.map((r) => ({ entity: l.entity, r })) : []));
    expect(rows.filter((x) => x.entity === 'org')).toHaveLength(1);
    expect(rows.filter((x) => x.entity === 'role')).toHaveLength(7);
    expect(rows.filter((x) => x.entity === 'member')).toHaveLength(1);
    expect(lines.at(-1)).toEqual({ type: 'end', rowCount: rows.length });
  });

  it('splits each entity into pages of the page size', async () => {
    const owner = await newUser('owner');
    const org = await createOrg(server, owner.token);
    let text = '';
    for await (const chunk of await openSnapshot(server.app.database, owner.user.id, org.id, 3)) text += String(chunk);
    const lines = text
      .trim()
      .split('\n')
      .map((l) => snapshotLineSchema.parse(JSON.parse(l)));
    const rolePages = lines.flatMap((l) => (l.type === 'rows' && l.entity === 'role' ? [l.rows.length] : []));
    expect(rolePages).toEqual([3, 3, 1]);
    // org, 7 roles, the owner, the credit account and the two default alert rules.
    expect(lines.at(-1)).toEqual({ type: 'end', rowCount: 12 });
  });

  it('as of V0, then a pull from V0, equals the current state', async () => {
    const owner = await newUser('owner');
    const first = await newUser('first');
    const second = await newUser('second');
    const org = await createOrg(server, owner.token);
    const firstId = await addMember(server, org.id, first.user.id, 'viewer');
    const local = storeSnapshot((await snapshot(server, owner.token, org.id)).lines);

    await http(server, 'PATCH', `/v1/orgs/${org.id}`, { token: owner.token, body: { description: 'Now described' } });
    await addMember(server, org.id, second.user.id, 'manager');
    await removeMember(server, org.id, firstId);
    const res = await pull(server, owner.token, crypto.randomUUID(), { [org.id]: local.version });
    expect(res.body.orgs[0]?.reset).toBeNull();
    applyChanges(local.rows, res.body.orgs[0]?.changes ?? []);

    const current = storeSnapshot((await snapshot(server, owner.token, org.id)).lines);
    expect(current.version).toBe(res.body.orgs[0]?.version);
    expect(local.rows).toEqual(current.rows);
    expect([...current.rows.values()].some((r) => r.userId === second.user.id)).toBe(true);
  });

  it('gives a finance member no member rows', async () => {
    const owner = await newUser('owner');
    const finance = await newUser('finance');
    const org = await createOrg(server, owner.token);
    await addMember(server, org.id, finance.user.id, 'finance');
    const { lines } = await snapshot(server, finance.token, org.id);
    const entities = new Set(lines.flatMap((l) => (l.type === 'rows' ? [l.entity] : [])));
    expect(entities).toEqual(new Set(['org', 'role', 'creditAccount', 'alertRule']));
    expect(lines.at(-1)).toEqual({ type: 'end', rowCount: 11 });
  });

  it('answers 404 to an outsider and to a removed member', async () => {
    const owner = await newUser('owner');
    const outsider = await newUser('outsider');
    const org = await createOrg(server, owner.token);
    expect((await snapshot(server, outsider.token, org.id)).status).toBe(404);

    const former = await newUser('former');
    const memberId = await addMember(server, org.id, former.user.id, 'viewer');
    expect((await snapshot(server, former.token, org.id)).status).toBe(200);
    await removeMember(server, org.id, memberId);
    const res = await snapshot(server, former.token, org.id);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'not_found' } });
  });
});
