// Test support: valid and hostile `botdesk://` inputs from a seeded PRNG, for the parser's fuzz tests.
import {
  badTokenChars,
  controlChars,
  foreignHosts,
  foreignSchemes,
  homoglyphs,
  queryBits,
  segmentHeads,
  segmentTails,
  switches,
} from './hostile-fragments';
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
  longToken: (r, t) =>
    `${PREFIX}${t}${Array.from({ length: r.int(1, 40) }, () => r.pick([...TOKEN_ALPHABET])).join('')}`,
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
      `${PREFIX}..`,
      `${PREFIX}../${t}`,
      `${PREFIX}%2e%2e%2f${t}`,
      `${PREFIX}..%2f${t}`,
      `${PREFIX}.%2e/${t}`,
      `${PREFIX}${t}/..`,
      `${PREFIX}${t}/../${t}`,
      `botdesk://accept-invite/..\\${t}`,
      `botdesk://x/../accept-invite/${t}`,
      `botdesk://accept-invite/%2e%2e%5c${t}`,
      `botdesk://accept-invite/.${t}`,
      `botdesk://accept-invite/${t}.`,
    ]),
  switchLike: (r, t) => {
    const link = `${PREFIX}${t}`;
    return r.pick([
      r.pick(switches),
      `--${link}`,
      `-${link}`,
      `--url=${link}`,
      `--open-url=${link}`,
      `/${link}`,
      `${link}" ${r.pick(switches)} "`,
      `${link} ${r.pick(switches)}`,
      `"${link}"`,
      `'${link}'`,
      `${link}"`,
      `${r.pick(switches)} ${link}`,
    ]);
  },
  overLong: (r, t) =>
    r.pick([
      `${PREFIX}${t}/${'A'.repeat(r.int(1, 600))}`,
      `${PREFIX}${'A'.repeat(r.int(44, 2_000))}`,
      `${PREFIX}${t}?${'x'.repeat(r.int(450, 1_000))}`,
      `${PREFIX}${t}`.repeat(r.int(2, 30)),
      'botdesk://'.repeat(r.int(52, 200)),
      `${PREFIX}${t}${'/'.repeat(r.int(2, 600))}`,
    ]),
  notAString: (r, t) =>
    r.pick<unknown>([
      null,
      undefined,
      0,
      42,
      Number.NaN,
      true,
      {},
      [],
      [`${PREFIX}${t}`],
      new String(`${PREFIX}${t}`),
      new URL(`${PREFIX}${t}`),
      Buffer.from(`${PREFIX}${t}`),
      { href: `${PREFIX}${t}`, toString: () => `${PREFIX}${t}` },
      Symbol('link'),
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
