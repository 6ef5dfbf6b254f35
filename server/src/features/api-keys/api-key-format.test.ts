import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checksumOf, crc32, hashApiKey, mintApiKey, parseApiKey } from './api-key-format';

describe('API key format', () => {
  it.each(['standard', 'ai_agent'] as const)('mints %s keys as bd_<type>_<30 base62>_<6 base62 checksum>', (type) => {
    const { secret, hash, prefix } = mintApiKey(type);
    expect(secret).toMatch(new RegExp(`^bd_${type}_[0-9A-Za-z]{30}_[0-9A-Za-z]{6}$`));
    expect(parseApiKey(secret)).toEqual({ type, random: secret.split('_').at(-2), secret });
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashApiKey(secret));
    expect(prefix.startsWith(`bd_${type}_`)).toBe(true);
    // The prefix shows a few characters only: far from enough to use the key.
    expect(secret.startsWith(prefix.replace('…', ''))).toBe(true);
    expect(prefix.length).toBeLessThan(secret.length - 20);
  });

  it('gives every key its own randomness', () => {
    const secrets = new Set(Array.from({ length: 200 }, () => mintApiKey('standard').secret));
    expect(secrets.size).toBe(200);
  });

  it('refuses a key whose checksum does not match, whichever character was changed', () => {
    const { secret } = mintApiKey('ai_agent');
    const flip = (i: number) => {
      const c = secret.charAt(i);
      return `${secret.slice(0, i)}${c === 'a' ? 'b' : 'a'}${secret.slice(i + 1)}`;
    };
    for (const i of [12, 20, 41, secret.length - 1]) expect(parseApiKey(flip(i)), `changed at ${i}`).toBeNull();
  });

  it.each([
    ['an empty string', ''],
    ['an unknown type', () => retyped('robot')],
    ['a missing checksum', () => mintApiKey('standard').secret.slice(0, -7)],
    [
      'a truncated random part',
      () => mintApiKey('standard').secret.replace(/_([0-9A-Za-z]{30})_/, (_m, r: string) => `_${r.slice(1)}_`),
    ],
    ['a session token', 'eyJhbGciOiJIUzI1NiJ9.payload.signature'],
    ['surrounding spaces', () => ` ${mintApiKey('standard').secret} `],
  ])('refuses %s', (_label, value) => {
    expect(parseApiKey(typeof value === 'function' ? value() : value)).toBeNull();
  });

  it('computes the checksum as base62 of the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    for (const body of ['bd_standard_abc', 'bd_ai_agent_XYZ', '']) {
      expect(crc32(Buffer.from(body))).toBe(zlibCrc32(body));
    }
    expect(checksumOf('')).toBe('000000');
  });
});

/** A well-formed key of another type, with a checksum that matches its body. */
function retyped(type: string): string {
  const random = mintApiKey('standard').secret.split('_').at(-2) ?? '';
  const body = `bd_${type}_${random}`;
  return `${body}_${checksumOf(body)}`;
}
