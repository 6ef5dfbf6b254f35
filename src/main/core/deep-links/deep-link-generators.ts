// Test support: valid and hostile `botdesk://` inputs from a seeded PRNG, for the parser's fuzz tests.
import type { Random } from './seeded-random';

const PREFIX = 'botdesk://accept-invite/';
const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const NON_CANONICAL_LAST = [...TOKEN_ALPHABET].filter((c) => !'AEIMQUYcgkosw048'.includes(c));

/**
 * The accepted language, written independently of the parser as one pattern: a generated hostile input
 * that matches it is a bug in the generator, and random text is checked against it differentially.
 */
export const REFERENCE_LINK_PATTERN = /^botdesk:\/\/accept-invite\/([A-Za-z0-9_-]{42}[AEIMQUYcgkosw048])\/?$/;

/** A token exactly as the server mints it: 32 random bytes, unpadded base64url. */
export function randomToken(random: Random): string {
  return Buffer.from(random.bytes(32)).toString('base64url');
}

/** A link the parser must accept, with the token it must return. */
export function validLink(random: Random): { link: string; token: string } {
  const token = randomToken(random);
  return { link: `${PREFIX}${token}${random.chance(0.2) ? '/' : ''}`, token };
}

type Mutation = (random: Random, token: string) => unknown;

const foreignSchemes = [
  'BOTDESK://', 'Botdesk://', 'botdesK://', 'bOtdesk://', 'botdesk-x://', 'botdesk+x://', 'botdesk.x://', 'xbotdesk://',
  'botdeskx://', 'botdes://', 'b0tdesk://', 'botdesk:/', 'botdesk:', 'botdesk:///', 'botdesk:////', 'botdesk:\\\\',
  'botdesk:/\\', 'botdesk:\\/', 'javascript:', 'javascript://', 'JavaScript:', 'file://', 'file:///', 'http://', 'https://',
  'ftp://', 'data:text/html,', 'vbscript:', 'ms-settings:', 'about:', 'blob:', 'chrome://', 'electron://', '//', '://', '',
  ' botdesk://', 'botdesk ://', 'botdesk: //', 'bot desk://', 'botdesk%3a//', 'botdesk%3A%2F%2F', 'botdesk::/', 'botdesk;//',
];

const foreignHosts = [
  'Accept-Invite', 'ACCEPT-INVITE', 'accept-Invite', 'accept-invitE', 'accept-invites', 'accept_invite', 'acceptinvite',
  'accept-invite.', '.accept-invite', 'accept-invite:', 'accept-invite:443', 'accept-invite:0', 'accept-invite:65535',
  'user@accept-invite', 'user:pass@accept-invite', ':@accept-invite', '@accept-invite', 'accept-invite@evil.example',
  'evil.example', 'localhost', '127.0.0.1', '[::1]', 'accept%2Dinvite', 'accept-invite%00', '', 'accept-invite.evil',
  'invite', 'accept', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'xn--accept-invite', 'accept-invite-',
  'accept\u2014invite', 'accept\u2010invite', 'ac\u0441ept-invite', 'accept-inv\u0456te', 'accept-invite\u200b',
];

const segmentTails = ['/x', '//', '/.', '/..', '/%2e%2e%2f', '/../', '/./', '/..%2f', '%2f..', '/%2F', '/;x', '/a/b', '///'];
const segmentHeads = ['x/', '../', './', '/', '%2e%2e/', '.%2e/', '..%2f', '..\\', 'accept-invite/', '../accept-invite/'];
const queryBits = ['?', '?x=1', '?token=', '#', '#x', '#/accept-invite/', '?#', '/?', '/#', '&x=1', '?redirect=https://evil.example'];
const controlChars = [
  '\0', '\t', '\n', '\r', '\v', '\f', ' ', '\x7f', '\x1b', '\x08', '\x01', '\x1f', '\u0085', '\u00a0', '\u2028', '\u2029',
  '\u200b', '\u200e', '\u202e', '\ufeff', '\u3000', '\ud800',
];
const homoglyphs: Record<string, readonly string[]> = {
  o: ['\u043e', '\u03bf', '\u0585'], e: ['\u0435', '\u0454'], a: ['\u0430', '\u03b1'], c: ['\u0441', '\u03f2'],
  p: ['\u0440'], i: ['\u0456', '\u0131'], s: ['\u0455'], k: ['\u212a', '\u03ba'], d: ['\u0501'], v: ['\u03bd', '\u0475'],
  n: ['\u0578'], t: ['\u03c4'], b: ['\u042c', '\u0184'], A: ['\u0410', '\u0391'], B: ['\u0412'], '/': ['\uff0f', '\u2044', '\u2215'],
  ':': ['\uff1a', '\u2236'], '-': ['\u2010', '\u2011', '\u2013', '\u2212', '\u00ad'], _: ['\uff3f'],
};
const badTokenChars = [...'+/=.~!$&\'()*,;@:[]{}|"<>`^'];
const switches = [
  '--inspect=9229', '--inspect-brk=0.0.0.0:9229', '--inspect', '--remote-debugging-port=9222', '--remote-debugging-pipe',
  '--js-flags=--allow-natives-syntax', '--no-sandbox', '--disable-web-security', '--gpu-launcher=calc.exe',
  '--renderer-cmd-prefix=calc', '--utility-cmd-prefix=x', '--browser-subprocess-path=x', '--user-data-dir=x', '--', '-',
  '--allow-file-access-from-files', '/inspect', '-inspect',
];

/** Replaces one character of `text` (at a random position) with what `replace` makes of it. */
function replaceAt(random: Random, text: string, from: number, replace: (c: string) => string): string {
  const at = random.int(from, text.length - 1);
  return text.slice(0, at) + replace(text.charAt(at)) + text.slice(at + 1);
}

function insertAt(random: Random, text: string, insert: string): string {
  const at = random.int(0, text.length);
  return text.slice(0, at) + insert + text.slice(at);
}

function fullwidth(c: string): string {
  const code = c.charCodeAt(0);
  return code >= 0x21 && code <= 0x7e ? String.fromCharCode(0xff01 + code - 0x21) : '\uff5e';
}

function percentEncode(c: string, upper: boolean): string {
  const hex = c.charCodeAt(0).toString(16).padStart(2, '0');
  return `%${upper ? hex.toUpperCase() : hex}`;
}

function slash(random: Random): string {
  return random.chance(0.3) ? '/' : '';
}

const mutations: Record<string, Mutation> = {
  foreignScheme: (r, t) => `${r.pick(foreignSchemes)}accept-invite/${t}${slash(r)}`,
  foreignHost: (r, t) => `botdesk://${r.pick(foreignHosts)}/${t}${slash(r)}`,
  extraSegmentAfter: (r, t) => `${PREFIX}${t}${r.pick(segmentTails)}`,
  extraSegmentBefore: (r, t) => `${PREFIX}${r.pick(segmentHeads)}${t}${slash(r)}`,
  queryOrFragment: (r, t) => {
    const link = `${PREFIX}${t}${slash(r)}`;
    return r.chance(0.5) ? `${link}${r.pick(queryBits)}` : insertAt(r, link, r.pick(queryBits));
  },
  controlChar: (r, t) => insertAt(r, `${PREFIX}${t}${slash(r)}`, r.pick(controlChars)),
  homoglyph: (r, t) =>
    replaceAt(r, `${PREFIX}${t}`, 0, (c) => (homoglyphs[c] && r.chance(0.7) ? r.pick(homoglyphs[c]) : fullwidth(c))),
  badTokenChar: (r, t) => replaceAt(r, `${PREFIX}${t}`, PREFIX.length, () => r.pick(badTokenChars)),
  shortToken: (r, t) => `${PREFIX}${t.slice(0, r.int(0, 42))}${slash(r)}`,
  longToken: (r, t) => `${PREFIX}${t}${Array.from({ length: r.int(1, 40) }, () => r.pick([...TOKEN_ALPHABET])).join('')}`,
  nonCanonicalLastChar: (r, t) => `${PREFIX}${t.slice(0, 42)}${r.pick(NON_CANONICAL_LAST)}${slash(r)}`,
  percentEncoded: (r, t) => {
    const link = `${PREFIX}${t}`;
    if (r.chance(0.2)) return `${PREFIX}${[...t].map((c) => percentEncode(c, r.chance(0.5))).join('')}`;
    return replaceAt(r, link, r.chance(0.8) ? PREFIX.length : 0, (c) => percentEncode(c, r.chance(0.5)));
  },
  backslash: (r, t) => {
    const link = `${PREFIX}${t}${slash(r)}`;
    return r.chance(0.5) ? link.replaceAll('/', '\\') : link.replace('/', '\\') + r.pick(['', '\\..\\x', '\\']);
  },
  traversal: (r, t) =>
    r.pick([
      `${PREFIX}..`, `${PREFIX}../${t}`, `${PREFIX}%2e%2e%2f${t}`, `${PREFIX}..%2f${t}`, `${PREFIX}.%2e/${t}`,
      `${PREFIX}${t}/..`, `${PREFIX}${t}/../${t}`, `botdesk://accept-invite/..\\${t}`, `botdesk://x/../accept-invite/${t}`,
      `botdesk://accept-invite/%2e%2e%5c${t}`, `botdesk://accept-invite/.${t}`, `botdesk://accept-invite/${t}.`,
    ]),
  switchLike: (r, t) => {
    const link = `${PREFIX}${t}`;
    return r.pick([
      r.pick(switches), `--${link}`, `-${link}`, `--url=${link}`, `--open-url=${link}`, `/${link}`,
      `${link}" ${r.pick(switches)} "`, `${link} ${r.pick(switches)}`, `"${link}"`, `'${link}'`, `${link}"`,
      `${r.pick(switches)} ${link}`,
    ]);
  },
  overLong: (r, t) =>
    r.pick([
      `${PREFIX}${t}/${'A'.repeat(r.int(1, 600))}`, `${PREFIX}${'A'.repeat(r.int(44, 2_000))}`,
      `${PREFIX}${t}?${'x'.repeat(r.int(450, 1_000))}`, `${PREFIX}${t}`.repeat(r.int(2, 30)), 'botdesk://'.repeat(r.int(52, 200)),
      `${PREFIX}${t}${'/'.repeat(r.int(2, 600))}`,
    ]),
  notAString: (r, t) =>
    r.pick<unknown>([
      null, undefined, 0, 42, Number.NaN, true, {}, [], [`${PREFIX}${t}`], new String(`${PREFIX}${t}`), new URL(`${PREFIX}${t}`),
      Buffer.from(`${PREFIX}${t}`), { href: `${PREFIX}${t}`, toString: () => `${PREFIX}${t}` }, Symbol('link'),
    ]),
};

/** Names of the hostile families, so every one is known to be exercised. */
export const hostileFamilies = Object.keys(mutations);

/** An input the parser must refuse, and the family it came from (for the failure report). */
export function hostileInput(random: Random): { family: string; input: unknown } {
  const family = random.pick(hostileFamilies);
  const mutate = mutations[family] as Mutation;
  return { family, input: mutate(random, randomToken(random)) };
}

/** A valid link with 1–4 random character edits: sometimes still valid, mostly not (differential fuzzing). */
export function editedLink(random: Random): string {
  const alphabet = `${TOKEN_ALPHABET}/:.%?#@\\ \0\u212a\u0430BOTDESK`;
  let text = validLink(random).link;
  for (let edits = random.int(1, 4); edits > 0; edits--) {
    const at = random.int(0, text.length);
    const op = random.int(0, 2);
    const c = random.pick([...alphabet]);
    if (op === 0) text = text.slice(0, at) + c + text.slice(at);
    else if (op === 1) text = text.slice(0, at) + text.slice(at + 1);
    else text = text.slice(0, at) + c + text.slice(at + 1);
  }
  return text;
}
