// `botdesk://` links come from browsers, mail clients and the OS, i.e. from anyone who can make the user
// click something. The parser is deliberately narrower than the URL standard: one spelling per link.
import { assertNever } from '@shared/errors';
import { invitationTokenSchema, type DeepLink } from '@shared/schemas/app';

/** The one URL scheme Botdesk registers with the OS (`botdesk://…`). */
export const DEEP_LINK_SCHEME = 'botdesk';

/** Longest raw link looked at; a real one is 68 characters, anything longer is refused before parsing. */
export const MAX_DEEP_LINK_LENGTH = 512;

const SCHEME_PREFIX = `${DEEP_LINK_SCHEME}://`;

type RouteParser = (segment: string) => DeepLink | null;

// A Map, not an object literal: a host such as `constructor` or `__proto__` must not find a route.
const routes: ReadonlyMap<string, RouteParser> = new Map([['accept-invite', parseAcceptInvite]]);

/**
 * Strictly parses a `botdesk://` link; null for anything that is not exactly a known route.
 * Accepted: `botdesk://accept-invite/<token>` with at most one trailing slash. Scheme and host must be
 * lowercase as written (the server only emits lowercase), the token is case-sensitive, and there is no
 * query, fragment, userinfo, port, percent-encoding, backslash, whitespace, control or non-ASCII character.
 */
export function parseDeepLink(raw: unknown): DeepLink | null {
  if (!isPlainLinkText(raw) || !raw.startsWith(SCHEME_PREFIX)) return null;
  const url = toUrl(raw);
  if (!url || !isBareUrl(url, raw)) return null;
  const route = routes.get(url.host);
  const segment = singlePathSegment(url.pathname);
  if (!route || segment === null || !raw.startsWith(`${SCHEME_PREFIX}${url.host}/`)) return null;
  return route(segment);
}

/** The canonical link for a deep link: what the server puts in an invitation email. */
export function formatDeepLink(link: DeepLink): string {
  switch (link.kind) {
    case 'acceptInvite':
      return `${SCHEME_PREFIX}accept-invite/${link.token}`;
    default:
      // Only the kind is reported: a token must never reach an error message or a log.
      return assertNever(link.kind);
  }
}

/** A bounded string of printable ASCII without `%` or `\`: rules out encodings, controls and homoglyphs at once. */
function isPlainLinkText(raw: unknown): raw is string {
  return typeof raw === 'string' && raw.length <= MAX_DEEP_LINK_LENGTH && /^[\x21-\x24\x26-\x5b\x5d-\x7e]+$/.test(raw);
}

function toUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/** Scheme and host only, nothing the URL parser had to normalise (dot segments, case, stripped characters). */
function isBareUrl(url: URL, raw: string): boolean {
  return (
    url.href === raw &&
    url.protocol === `${DEEP_LINK_SCHEME}:` &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    url.host === url.hostname &&
    url.search === '' &&
    url.hash === '' &&
    !raw.includes('?') &&
    !raw.includes('#')
  );
}

/** The one non-empty segment of `/<segment>` or `/<segment>/`; null for none or several. */
function singlePathSegment(pathname: string): string | null {
  if (!pathname.startsWith('/')) return null;
  const path = pathname.endsWith('/') ? pathname.slice(1, -1) : pathname.slice(1);
  if (path === '' || path.includes('/')) return null;
  return path;
}

function parseAcceptInvite(segment: string): DeepLink | null {
  const token = invitationTokenSchema.safeParse(segment);
  return token.success ? { kind: 'acceptInvite', token: token.data } : null;
}
