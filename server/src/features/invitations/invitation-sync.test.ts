import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Invitation } from '@shared/schemas/people';
import { queryRows, withTx } from '../../db/tx';
import { http } from '../../testing/http';
import { startTestServer, uniqueEmail } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { executeMutator } from '../mutators';
import { pull, snapshot } from '../sync/test-fixtures';
import { accept, account, createOrg, invite, roleIds, tokenOf, unverifiedAccount } from './invitation-fixtures';
import { hashInvitationToken } from './invitation-token';

let server: TestServer;
// Trace-level log lines of every request, to check that no token or hash reaches them.
const logLines: string[] = [];
beforeAll(async () => {
  server = await startTestServer({ logDestination: { write: (line) => void logLines.push(line) } });
});
afterAll(async () => {
  await server?.close();
});

function lookup(token: string) {
  return http(server, 'POST', '/v1/invitations/lookup', { body: { token } });
}

describe('invitations in sync, logs and mutators', () => {
  it('syncs invitations only to members with members.invite and never logs a token or its hash', async () => {
    const owner = await account(server, 'Owner');
    const org = await createOrg(server, owner);
    const ids = await roleIds(server, org.id);
    const viewer = await unverifiedAccount(server, 'Viewer');
    const asViewer = await invite(server, owner, org.id, { email: viewer.email, roleId: ids.viewer });
    expect((await accept(server, viewer, asViewer.token)).status).toBe(200);
    const snap = await snapshot(server, viewer.token, org.id);
    expect(snap.status).toBe(200);
    const entities = snap.lines.flatMap((l) => (l.type === 'rows' ? [l.entity] : []));
    expect(entities).toContain('member');
    expect(entities).not.toContain('invitation');
    const header = snap.lines[0];
    const v0 = header?.type === 'header' ? header.version : 0;

    const pendingOne = await invite(server, owner, org.id, { email: uniqueEmail('pending') });
    const viewerPull = await pull(server, viewer.token, crypto.randomUUID(), { [org.id]: v0 });
    expect(viewerPull.status).toBe(200);
    const viewerOrg = viewerPull.body.orgs[0];
    expect(viewerOrg?.reset ?? null).toBeNull();
    expect(viewerOrg?.version).toBeGreaterThan(v0);
    expect((viewerOrg?.changes ?? []).filter((ch) => ch.entity === 'invitation')).toEqual([]);

    const ownerSnap = await snapshot(server, owner.token, org.id);
    const ownerRows = ownerSnap.lines.flatMap((l) => (l.type === 'rows' && l.entity === 'invitation' ? l.rows : []));
    expect(ownerRows.map((r) => [r.id, r.status])).toEqual(
      expect.arrayContaining([
        [asViewer.invitation.id, 'accepted'],
        [pendingOne.invitation.id, 'pending'],
      ]),
    );
    const ownerPull = await pull(server, owner.token, crypto.randomUUID(), { [org.id]: v0 });
    const seen = (ownerPull.body.orgs[0]?.changes ?? []).filter((ch) => ch.entity === 'invitation');
    expect(seen.map((ch) => [ch.entityId, (ch.data as { status: string }).status])).toEqual([
      [pendingOne.invitation.id, 'pending'],
    ]);

    const logged = await queryRows<{ data: string }>(
      server.app.database.db,
      sql`SELECT coalesce(data::text, '') AS data FROM org_changes WHERE org_id = ${org.id}`,
    );
    const all = logged.map((r) => r.data).join('\n');
    for (const token of [asViewer.token, pendingOne.token]) {
      expect(all).not.toContain(token);
      expect(all).not.toContain(hashInvitationToken(token));
    }
    expect(all).toContain('invitation.created');
  });

  it('never logs a token or its hash, even at trace level', async () => {
    const owner = await account(server, 'Owner');
    const org = await createOrg(server, owner);
    const invitee = await account(server, 'Logged');
    const { token } = await invite(server, owner, org.id, { email: invitee.email });
    expect((await lookup(token)).status).toBe(200);
    expect((await accept(server, invitee, token)).status).toBe(200);
    expect(logLines.some((l) => l.includes('/v1/invitations/accept'))).toBe(true);
    const logs = logLines.join('\n');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(hashInvitationToken(token));
  });

  it('runs the invitation mutators with the same services (accept ignores orgId)', async () => {
    const owner = await account(server, 'Owner');
    const org = await createOrg(server, owner);
    const invitee = await account(server, 'ByMutator');
    const deps = { now: () => server.app.now(), mailer: server.app.mailer };
    const created = (await withTx(server.app.database, { userId: owner.userId, orgId: org.id }, (c) =>
      executeMutator(c, org.id, 'invitation.create', { email: invitee.email }, deps),
    )) as Invitation;
    expect(created).toMatchObject({ email: invitee.email, status: 'pending' });
    const token = tokenOf(await server.mail.waitFor(invitee.email, (m) => m.text.includes('accept-invite')));
    const joined = (await withTx(server.app.database, { userId: invitee.userId, orgId: null }, (c) =>
      executeMutator(c, crypto.randomUUID(), 'invitation.accept', { token }, deps),
    )) as { id: string };
    expect(joined.id).toBe(org.id);
  });
});
