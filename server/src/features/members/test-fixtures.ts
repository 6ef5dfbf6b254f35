import { expect } from 'vitest';
import type { ErrorBody } from '@shared/errors';
import type { BuiltInRoleKey } from '@shared/permissions';
import type { Member, MyMembership, Org, Role } from '@shared/schemas/org';
import { http } from '../../testing/http';
import { signUpUser, uniqueEmail } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { addMember, createOrg } from '../sync/test-fixtures';

// People and roles tests: an org with one member per requested built-in role, each with a session.

export type Person = { token: string; userId: string; memberId: string; name: string };
export type Team = { org: Org; owner: Person; as: Partial<Record<BuiltInRoleKey, Person>>; roles: Role[] };
export type ErrorResponse = { error: ErrorBody };

export async function newUser(
  server: TestServer,
  label: string,
): Promise<{ token: string; userId: string; name: string }> {
  const { token, user } = await signUpUser(server, { email: uniqueEmail(label), name: label });
  return { token, userId: user.id, name: label };
}

/** A fresh org owned by a fresh user, plus a fresh member for each role key given. */
export async function newTeam(server: TestServer, keys: BuiltInRoleKey[] = []): Promise<Team> {
  const ownerUser = await newUser(server, 'owner');
  const org = await createOrg(server, ownerUser.token, 'People Co');
  const me = await http<{ memberships: MyMembership[] }>(server, 'GET', '/v1/me', { token: ownerUser.token });
  const ownerMemberId = me.body.memberships.find((m) => m.org.id === org.id)?.memberId ?? '';
  const as: Team['as'] = {};
  for (const key of keys) {
    const user = await newUser(server, key);
    as[key] = { ...user, memberId: await addMember(server, org.id, user.userId, key) };
  }
  const roles = await http<{ roles: Role[] }>(server, 'GET', `/v1/orgs/${org.id}/roles`, { token: ownerUser.token });
  expect(roles.status).toBe(200);
  return { org, owner: { ...ownerUser, memberId: ownerMemberId }, as, roles: roles.body.roles };
}

export function person(team: Team, key: BuiltInRoleKey): Person {
  if (key === 'owner') return team.owner;
  const p = team.as[key];
  if (!p) throw new Error(`the team has no ${key}`);
  return p;
}

export function roleId(team: Team, key: BuiltInRoleKey): string {
  const role = team.roles.find((r) => r.key === key);
  if (!role) throw new Error(`no built-in role ${key}`);
  return role.id;
}

/** The org's members as its owner sees them, by member id. */
export async function membersById(
  server: TestServer,
  team: Team,
  token = team.owner.token,
): Promise<Map<string, Member>> {
  const res = await http<{ members: Member[] }>(server, 'GET', `/v1/orgs/${team.org.id}/members`, { token });
  expect(res.status).toBe(200);
  return new Map(res.body.members.map((m) => [m.id, m]));
}
