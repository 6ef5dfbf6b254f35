// Test support: generated inputs must reproduce from a printed seed, which Math.random cannot do.

/** A deterministic source of randomness for generated test inputs. */
export type Random = {
  /** The seed to replay (without the stream, which each test fixes). */
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  bytes(count: number): Uint8Array;
};

/**
 * mulberry32: 32-bit state, good enough spread for fuzzing, identical output for the same seed everywhere.
 * `stream` gives independent sequences from one printed seed (one per test), so a replay needs only the seed.
 */
export function seededRandom(seed: number, stream = 0): Random {
  let state = (seed ^ Math.imul(stream, 0x9e3779b9)) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    seed: seed >>> 0,
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(0, items.length - 1)] as T;
    },
    chance: (probability) => next() < probability,
    bytes: (count) => Uint8Array.from({ length: count }, () => int(0, 255)),
  };
}

/** The seed for a fuzz run: `DEEP_LINK_FUZZ_SEED` to replay a printed one, otherwise a fixed default. */
export function fuzzSeed(fallback: number): number {
  const fromEnv = process.env['DEEP_LINK_FUZZ_SEED'];
  if (fromEnv === undefined || fromEnv === '') return fallback;
  const seed = Number(fromEnv);
  if (!Number.isSafeInteger(seed)) throw new Error(`DEEP_LINK_FUZZ_SEED must be an integer, got ${fromEnv}`);
  return seed >>> 0;
}
