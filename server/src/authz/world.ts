import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { expect } from 'vitest';
import type { MyMembership, Org, Role } from '@shared/schemas/org';
import type { OwnershipTransfer } from '@shared/schemas/people';
import type { AuthResult, SessionInfo } from '@shared/schemas/user';
import { organizations, users } from '../db/schema';
import { account, createOrg, invite } from '../features/invitations/invitation-fixtures';
import type { Account } from '../features/invitations/invitation-fixtures';
import { addMember } from '../features/sync/test-fixtures';
import { http } from '../testing/http';
import { testPassword, uniqueEmail } from '../testing/test-server';
import type { TestServer } from '../testing/test-server';
import { customRole, isMemberActor, memberActors } from './rules';
import type { Actor, MemberActor } from './rules';

// The matrix's world: one org with a member in every role (and the custom one), an outsider, and the
// fresh targets a case consumes — members, roles, invitations, transfers, whole orgs.

export type { Account };
export type Person = Account & { memberId: string };

export type World = {
  server: TestServer;
  /** The org every case runs in unless it consumes an org of its own; on an unlimited plan. */
  org: Org;
  people: Record<MemberActor, Person>;
  /** A developer of the org until the owner deactivated them. */
  deactivated: Person;
  /** An active member of their personal workspace only. */
  outsider: Account;
  /** A pending invitation nobody resends, for lookups. */
  lookupToken: string;
  /** A file of the update feed, so its route has something to serve. */
  updateFile: string;
};

/** Builds the world on a fresh server: owner, a member per role, the custom role and its member, an outsider. */
export async function buildWorld(server: TestServer): Promise<World> {
  const owner = await account(server, 'owner');
  const org = await createOrg(server, owner, 'Matrix Co');
  // Seats would run out long before the cases do; no plan route exists yet, so set it in the table.
  await server.app.database.db.update(organizations).set({ plan: 'enterprise' }).where(eq(organizations.id, org.id));
  const custom = await createRoleAs(server, owner, org.id, customRole);
  const people = { owner: { ...owner, memberId: await memberIdOf(server, owner, org.id) } } as Record<
    MemberActor,
    Person
  >;
  for (const actor of memberActors.filter((a) => a !== 'owner')) {
    const user = await account(server, actor);
    people[actor] = { ...user, memberId: await joinAs(server, owner, org.id, user.userId, actor, custom.id) };
  }
  const former = await account(server, 'deactivated');
  const deactivated = { ...former, memberId: await joinDeactivated(server, owner, org.id, former.userId) };
  const { token: lookupToken } = await invite(server, owner, org.id, { email: uniqueEmail('lookup') });
  const updateFile = 'latest.yml';
  const feed = join(server.app.config.BOTDESK_DATA_DIR, 'updates');
  await mkdir(feed, { recursive: true });
  await writeFile(join(feed, updateFile), 'version: 1.0.0\n');
  return {
    server,
    org,
    people,
    deactivated,
    outsider: await account(server, 'outsider'),
    lookupToken,
    updateFile,
  };
}

async function createRoleAs(
  server: TestServer,
  who: Account,
  orgId: string,
  body: { name: string; rank: number; permissions: readonly string[] },
): Promise<Role> {
  const res = await http<Role>(server, 'POST', `/v1/orgs/${orgId}/roles`, { token: who.token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function memberIdOf(server: TestServer, who: Account, orgId: string): Promise<string> {
  const me = await http<{ memberships: MyMembership[] }>(server, 'GET', '/v1/me', { token: who.token });
  const memberId = me.body.memberships.find((m) => m.org.id === orgId)?.memberId;
  expect(memberId).toBeDefined();
  return memberId ?? '';
}

/** Adds a user to an org in a member actor's role; the custom role is given by the owner, as People would. */
async function joinAs(
  server: TestServer,
  owner: Account,
  orgId: string,
  userId: string,
  actor: Exclude<MemberActor, 'owner'>,
  customRoleId: string,
): Promise<string> {
  const memberId = await addMember(server, orgId, userId, actor === 'custom' ? 'viewer' : actor);
  if (actor === 'custom') {
    const path = `/v1/orgs/${orgId}/members/${memberId}`;
    const res = await http(server, 'PATCH', path, { token: owner.token, body: { roleId: customRoleId } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  return memberId;
}

async function joinDeactivated(server: TestServer, owner: Account, orgId: string, userId: string): Promise<string> {
  const memberId = await addMember(server, orgId, userId, 'developer');
  const path = `/v1/orgs/${orgId}/members/${memberId}`;
  const res = await http(server, 'PATCH', path, { token: owner.token, body: { status: 'deactivated' } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return memberId;
}

/** The signed-in person behind an actor; null for anonymous and for a party the case has yet to create. */
export function personOf(world: World, actor: Actor): Account | null {
  if (actor === 'anonymous' || actor === 'party') return null;
  if (actor === 'deactivated') return world.deactivated;
  return actor === 'outsider' ? world.outsider : world.people[actor];
}

/**
 * A fresh member to act on: a viewer (outranked by everyone allowed to change members, so only the
 * permission decides). Its user never signs in, so it is written straight into the users table.
 */
export async function targetMember(world: World): Promise<string> {
  const id = uuidv7();
  await world.server.app.database.db.insert(users).values({ id, name: 'Target', email: uniqueEmail('target') });
  return addViewer(world, world.org.id, id);
}

/** Adds an existing user to an org as a viewer; answers the member id. */
export function addViewer(world: World, orgId: string, userId: string): Promise<string> {
  return addMember(world.server, orgId, userId, 'viewer');
}

/** A fresh custom role ranked below every role that may manage roles. */
export async function targetRole(world: World): Promise<string> {
  const name = `Target ${crypto.randomUUID().slice(0, 8)}`;
  return (await createRoleAs(world.server, world.people.owner, world.org.id, { name, rank: 5, permissions: [] })).id;
}

/** A fresh pending invitation of the world's org, to a fresh address unless one is given. */
export async function targetInvitation(world: World, email = uniqueEmail('invitee')) {
  return invite(world.server, world.people.owner, world.org.id, { email });
}

/** The owner offers ownership of an org to one of its members; answers the transfer id. */
export async function offerOwnership(world: World, memberId: string, orgId = world.org.id): Promise<string> {
  const res = await http<OwnershipTransfer>(world.server, 'POST', `/v1/orgs/${orgId}/ownership-transfers`, {
    token: world.people.owner.token,
    body: { memberId },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.id;
}

/**
 * A fresh org owned by the world's owner, with the actor in it in the same role (or deactivated), for
 * cases that consume an org or the actor's membership (delete, leave). Outsiders stay out.
 */
export async function sandboxOrg(world: World, actor: Actor): Promise<Org> {
  const { server } = world;
  const owner = world.people.owner;
  const org = await createOrg(server, owner, 'Sandbox');
  if (isMemberActor(actor) && actor !== 'owner') {
    const custom = actor === 'custom' ? await createRoleAs(server, owner, org.id, customRole) : null;
    await joinAs(server, owner, org.id, world.people[actor].userId, actor, custom?.id ?? '');
  }
  if (actor === 'deactivated') await joinDeactivated(server, owner, org.id, world.deactivated.userId);
  return org;
}

/** A fresh verified account, for parties the case names (a recipient, an invitee). */
export function freshAccount(world: World, label: string): Promise<Account> {
  return account(world.server, label);
}

/** A second session of a person, for cases that end one. */
export async function secondSession(world: World, who: Account): Promise<{ token: string; id: string }> {
  const res = await http<AuthResult>(world.server, 'POST', '/v1/auth/sign-in/email', {
    body: { email: who.email, password: testPassword },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const list = await http<{ sessions: SessionInfo[] }>(world.server, 'GET', '/v1/me/sessions', {
    token: res.body.token,
  });
  const id = list.body.sessions.find((s) => s.current)?.id;
  expect(id).toBeDefined();
  return { token: res.body.token, id: id ?? '' };
}
