import type { ErrorCode } from '@shared/errors';
import { builtInRoleKeys, builtInRoles, can } from '@shared/permissions';
import type { MembershipGrant, Permission } from '@shared/permissions';
import type { MutationOutcome } from '@shared/schemas/sync';

// The authorization matrix's vocabulary: who asks, what a route or mutator demands, what comes back.

/** The custom role of the matrix: ranked between manager and developer, reading members only. */
export const customRole = { name: 'Member auditor', rank: 30, permissions: ['members.read'] } as const satisfies {
  name: string;
  rank: number;
  permissions: readonly Permission[];
};

/** Every role a member of the matrix org holds: the built-in ones and the custom one. */
export const memberActors = [...builtInRoleKeys, 'custom'] as const;
export type MemberActor = (typeof memberActors)[number];

/**
 * Who makes the request: a member of the org in each role, a deactivated member (a developer until
 * deactivated), an outsider (an active member of another org only), nobody signed in, and — for
 * routes open to one named person — that person (`party`).
 */
export const actors = [...memberActors, 'deactivated', 'outsider', 'anonymous'] as const;
export type Actor = (typeof actors)[number] | 'party';

/**
 * What a route or mutator demands of its caller: nothing (`public`), a session (`session`), active
 * membership of the org (`member`), a permission in it, or being the named party: the recipient of
 * an ownership transfer (`recipient`; its offerer is refused), the recipient or the offering owner
 * (`recipient-or-offerer`), the address an invitation was sent to (`invitee`), or an organization API key
 * with the scope the route needs (`api-key`: the party holds such a key; a session is no key).
 */
export type Rule =
  'public' | 'session' | 'member' | 'recipient' | 'recipient-or-offerer' | 'invitee' | 'api-key' | Permission;

const partyRules: readonly Rule[] = ['recipient', 'recipient-or-offerer', 'invitee', 'api-key'];

/** What the matrix asserts: the request got past authorization, or how it was turned away. */
export type Outcome = 'allowed' | 'forbidden' | 'not_found' | 'unauthenticated' | 'refused_for_queue';

/** The actors a rule is tried with: everyone, plus the named party where the rule names one. */
export function actorsFor(rule: Rule): Actor[] {
  return partyRules.includes(rule) ? [...actors, 'party'] : [...actors];
}

/** The grant the matrix gives each member actor, from the role matrix in @shared/permissions. */
export function grantOf(actor: MemberActor): MembershipGrant {
  const role = actor === 'custom' ? { key: null, ...customRole } : { key: actor, ...builtInRoles[actor] };
  return { status: 'active', role: { key: role.key, rank: role.rank, permissions: role.permissions } };
}

export function isMemberActor(actor: Actor): actor is MemberActor {
  return (memberActors as readonly string[]).includes(actor);
}

/**
 * The outcome a rule promises an actor. Outsiders and deactivated members are answered like a
 * missing org (404); so is a member who is no party to an ownership transfer (only its parties can find it by id). The offers
 * of the matrix always come from the owner.
 */
export function expectedOutcome(rule: Rule, actor: Actor): Outcome {
  if (rule === 'public') return 'allowed';
  if (actor === 'anonymous') return 'unauthenticated';
  if (actor === 'party') return 'allowed';
  switch (rule) {
    case 'session':
      return 'allowed';
    case 'invitee':
      return 'forbidden';
    case 'api-key':
      return 'unauthenticated';
    case 'recipient':
      return actor === 'owner' ? 'forbidden' : 'not_found';
    case 'recipient-or-offerer':
      return actor === 'owner' ? 'allowed' : 'not_found';
    default:
      break;
  }
  if (!isMemberActor(actor)) return 'not_found';
  if (rule === 'member') return 'allowed';
  return can(grantOf(actor), rule) ? 'allowed' : 'forbidden';
}

/**
 * What an HTTP answer says about authorization. `passes` are domain refusals the row's request is
 * built to provoke (a wrong confirmation code, the last owner leaving): reaching them proves the
 * caller got past the checks. Anything unexpected is spelled out as "status code".
 */
export function outcomeOfResponse(status: number, body: unknown, passes: readonly ErrorCode[] = []): string {
  const code = errorCodeOf(body);
  if (status < 400) return 'allowed';
  if (code && passes.includes(code)) return 'allowed';
  if (status === 401 && code === 'unauthenticated') return 'unauthenticated';
  if (status === 403 && code === 'forbidden') return 'forbidden';
  if (status === 404 && code === 'not_found') return 'not_found';
  return `${status} ${code ?? 'without an error code'}`;
}

function errorCodeOf(body: unknown): ErrorCode | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  // A successful answer may have an `error` field of its own (a run's error, often null).
  const error = (body as { error: { code?: ErrorCode } | null }).error;
  return typeof error === 'object' && error !== null ? error.code : undefined;
}

/** What a push outcome says: applied, refused by authorization, or refused because it cannot be queued. */
export function outcomeOfPush(outcome: MutationOutcome): string {
  if (outcome.status === 'applied') return 'allowed';
  const { code, message } = outcome.error;
  if (code === 'forbidden' || code === 'not_found') return code;
  // Online mutators need the server's answer; push consumes them with this refusal, never runs them.
  if (code === 'validation_failed' && message.includes('cannot be queued')) return 'refused_for_queue';
  return `refused ${code}: ${message}`;
}
