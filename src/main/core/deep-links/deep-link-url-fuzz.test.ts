// Generated inputs from a seeded PRNG. On failure the seed is printed; replay it with
// DEEP_LINK_FUZZ_SEED=<seed> npx vitest run src/main/core/deep-links
import { describe, expect, it } from 'vitest';
import { editedLink, hostileFamilies, hostileInput, REFERENCE_LINK_PATTERN, validLink } from './deep-link-generators';
import { parseDeepLink } from './deep-link-url';
import { fuzzSeed, seededRandom } from './seeded-random';

const DEFAULT_SEED = 0x0b07de5c;
const CASES = 12_000;
const MAX_REPORTED = 10;

/** Readable and unambiguous in a failure report: control characters and homoglyphs escaped. */
function show(input: unknown): string {
  if (typeof input === 'string')
    return JSON.stringify(input).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (typeof input === 'symbol' || input === undefined) return String(input);
  return `${Object.prototype.toString.call(input)} ${JSON.stringify(input) ?? ''}`;
}

function report(seed: number, failures: string[]): string {
  return `seed ${seed} (replay: DEEP_LINK_FUZZ_SEED=${seed}); first failures:\n${failures.slice(0, MAX_REPORTED).join('\n')}`;
}

describe('parseDeepLink under generated input', () => {
  it(`refuses ${CASES} hostile inputs from every family`, () => {
    const random = seededRandom(fuzzSeed(DEFAULT_SEED), 1);
    const failures: string[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < CASES; i++) {
      const { family, input } = hostileInput(random);
      seen.add(family);
      // A hostile input matching the reference grammar would be a generator bug, not a parser one.
      if (typeof input === 'string' && REFERENCE_LINK_PATTERN.test(input))
        failures.push(`#${i} ${family} generated a valid link: ${show(input)}`);
      else if (parseDeepLink(input) !== null) failures.push(`#${i} ${family} accepted: ${show(input)}`);
    }
    expect(failures, report(random.seed, failures)).toEqual([]);
    expect([...seen].sort()).toEqual([...hostileFamilies].sort());
  });

  it(`accepts ${CASES} valid links with their exact token`, () => {
    const random = seededRandom(fuzzSeed(DEFAULT_SEED), 2);
    const failures: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const { link, token } = validLink(random);
      const parsed = parseDeepLink(link);
      if (parsed?.kind !== 'acceptInvite' || parsed.token !== token)
        failures.push(`#${i} ${show(link)} → ${show(parsed)}`);
    }
    expect(failures, report(random.seed, failures)).toEqual([]);
  });

  it(`agrees with the reference grammar on ${CASES} randomly edited links`, () => {
    const random = seededRandom(fuzzSeed(DEFAULT_SEED), 3);
    const failures: string[] = [];
    let stillValid = 0;
    for (let i = 0; i < CASES; i++) {
      const text = editedLink(random);
      const expected = REFERENCE_LINK_PATTERN.exec(text)?.[1] ?? null;
      const actual = parseDeepLink(text)?.token ?? null;
      if (expected !== null) stillValid++;
      if (actual !== expected) failures.push(`#${i} ${show(text)}: expected ${show(expected)}, got ${show(actual)}`);
    }
    expect(failures, report(random.seed, failures)).toEqual([]);
    // Both outcomes must actually occur, or the comparison proves little.
    expect(stillValid).toBeGreaterThan(CASES / 50);
    expect(stillValid).toBeLessThan(CASES / 2);
  });
});
