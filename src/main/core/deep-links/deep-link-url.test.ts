import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { invitationTokenSchema } from '@shared/schemas/app';
import { formatDeepLink, MAX_DEEP_LINK_LENGTH, parseDeepLink } from './deep-link-url';

// Fixed tokens in the exact shape the server mints (randomBytes(32).toString('base64url')).
const token = 'q0r8XyZ-_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456w';
const other = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const link = `botdesk://accept-invite/${token}`;

describe('parseDeepLink accepts', () => {
  it.each([
    ['the canonical link', link, token],
    ['one trailing slash (some Windows launchers append it)', `${link}/`, token],
    ['an all-A token', `botdesk://accept-invite/${other}`, other],
    [
      'a token with dashes and underscores',
      `botdesk://accept-invite/-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_8`,
      '-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_8',
    ],
  ])('%s', (_name, raw, expected) => {
    expect(parseDeepLink(raw)).toEqual({ kind: 'acceptInvite', token: expected });
  });

  it('returns the token with its case intact', () => {
    const mixed = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcdE';
    expect(parseDeepLink(`botdesk://accept-invite/${mixed}`)).toEqual({ kind: 'acceptInvite', token: mixed });
  });

  it('accepts every token the server can mint', () => {
    for (let i = 0; i < 200; i++) {
      const minted = randomBytes(32).toString('base64url');
      expect(parseDeepLink(`botdesk://accept-invite/${minted}`), minted).toEqual({
        kind: 'acceptInvite',
        token: minted,
      });
    }
  });
});

describe('parseDeepLink refuses', () => {
  it.each([
    // scheme
    ['uppercase scheme', `BOTDESK://accept-invite/${token}`],
    ['mixed-case scheme', `Botdesk://accept-invite/${token}`],
    ['a look-alike scheme', `botdesk-x://accept-invite/${token}`],
    ['a scheme without slashes', `botdesk:accept-invite/${token}`],
    ['a scheme with one slash', `botdesk:/accept-invite/${token}`],
    ['a scheme with three slashes', `botdesk:///accept-invite/${token}`],
    ['javascript:', `javascript://accept-invite/${token}`],
    ['file:', `file:///accept-invite/${token}`],
    ['http:', `http://accept-invite/${token}`],
    ['https:', `https://accept-invite/${token}`],
    // host
    ['uppercase host', `botdesk://ACCEPT-INVITE/${token}`],
    ['mixed-case host', `botdesk://Accept-Invite/${token}`],
    ['an unknown route', `botdesk://open/${token}`],
    ['a prototype key as host', `botdesk://constructor/${token}`],
    ['__proto__ as host', `botdesk://__proto__/${token}`],
    ['a trailing dot on the host', `botdesk://accept-invite./${token}`],
    ['a port', `botdesk://accept-invite:443/${token}`],
    ['an empty port', `botdesk://accept-invite:/${token}`],
    ['a username', `botdesk://user@accept-invite/${token}`],
    ['a username and password', `botdesk://user:pw@accept-invite/${token}`],
    ['an IPv6 host', `botdesk://[::1]/${token}`],
    // path
    ['no token', 'botdesk://accept-invite/'],
    ['no path at all', 'botdesk://accept-invite'],
    ['two trailing slashes', `${link}//`],
    ['a second segment', `${link}/extra`],
    ['a segment before the token', `botdesk://accept-invite/x/${token}`],
    ['an empty segment before the token', `botdesk://accept-invite//${token}`],
    ['a dot-dot segment resolved away', `botdesk://accept-invite/x/../${token}`],
    ['a dot segment', `botdesk://accept-invite/./${token}`],
    ['dot-dot as the token', 'botdesk://accept-invite/..'],
    ['encoded traversal', `botdesk://accept-invite/%2e%2e%2f${token}`],
    ['a percent-encoded token character', `botdesk://accept-invite/%71${token.slice(1)}`],
    ['a backslash separator', `botdesk://accept-invite\\${token}`],
    ['a backslash in the path', `botdesk://accept-invite/..\\${token}`],
    // query and fragment
    ['a query', `${link}?x=1`],
    ['an empty query', `${link}?`],
    ['a fragment', `${link}#x`],
    ['an empty fragment', `${link}#`],
    ['a query after the trailing slash', `${link}/?`],
    // token shape
    ['a token one character short', `botdesk://accept-invite/${token.slice(1)}`],
    ['a token one character long', `botdesk://accept-invite/${token}A`],
    ['standard base64 characters', `botdesk://accept-invite/${token.slice(0, 41)}+w`],
    ['base64 padding', `botdesk://accept-invite/${token.slice(0, 42)}=`],
    ['a last character that carries non-zero padding bits', `botdesk://accept-invite/${token.slice(0, 42)}x`],
    // characters
    ['a NUL', `${link}\0`],
    ['a tab the URL parser would strip', `botdesk://accept-invite/${token.slice(0, 10)}\t${token.slice(10)}`],
    ['a newline', `${link}\n`],
    ['a leading space', ` ${link}`],
    ['a trailing space', `${link} `],
    ['a Cyrillic о in the scheme', `b\u043etdesk://accept-invite/${token}`],
    ['a Kelvin sign that lowercases to k', `botdes\u212a://accept-invite/${token}`],
    ['a fullwidth solidus', `botdesk://accept-invite\uff0f${token}`],
    ['a zero-width space', `botdesk://accept-invite/\u200b${token}`],
    ['a right-to-left override', `botdesk://accept-invite/${token}\u202e`],
    // argv-shaped
    ['a switch', '--inspect=9229'],
    ['a switch wrapping a link', `--url=${link}`],
    ['a link with an injected switch', `${link}" --remote-debugging-port=9222 "`],
    ['a quoted link', `"${link}"`],
    // size and type
    ['an empty string', ''],
    ['an over-long link', `${link}/${'A'.repeat(MAX_DEEP_LINK_LENGTH)}`],
  ])('%s', (_name, raw) => {
    expect(parseDeepLink(raw)).toBeNull();
  });

  it.each([null, undefined, 42, {}, [link], new String(link), new URL(link), Buffer.from(link)])(
    'a non-string: %s',
    (raw) => {
      expect(parseDeepLink(raw)).toBeNull();
    },
  );
});

describe('formatDeepLink', () => {
  it('writes the link parseDeepLink reads back', () => {
    expect(formatDeepLink({ kind: 'acceptInvite', token })).toBe(link);
    expect(parseDeepLink(formatDeepLink({ kind: 'acceptInvite', token }))).toEqual({ kind: 'acceptInvite', token });
  });
});

describe('invitationTokenSchema', () => {
  it('accepts a 43-character string exactly when it is canonical base64url of 32 bytes', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const last of alphabet) {
      const candidate = `${token.slice(0, 42)}${last}`;
      const decoded = Buffer.from(candidate, 'base64url');
      const canonical = decoded.length === 32 && decoded.toString('base64url') === candidate;
      expect(invitationTokenSchema.safeParse(candidate).success, candidate).toBe(canonical);
    }
  });
});
