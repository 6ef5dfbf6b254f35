import { createHash, randomBytes } from 'node:crypto';
import { apiKeyTypes } from '@shared/schemas/automation';
import type { ApiKeyType } from '@shared/schemas/automation';

// The API key format `bd_<type>_<random>_<checksum>`: 30 base62 characters of randomness and a
// 6-character base62 CRC32 of everything before the checksum, so a mistyped or truncated key is
// refused without a database lookup. Pure code (node:crypto only): the server and the reference
// runner both use it.

const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const apiKeyRandomLength = 30;
export const apiKeyChecksumLength = 6;
/** How many characters of the random part the display prefix shows. */
const prefixRandomLength = 8;

const keyPattern = new RegExp(
  `^bd_(${apiKeyTypes.join('|')})_([0-9A-Za-z]{${apiKeyRandomLength}})_([0-9A-Za-z]{${apiKeyChecksumLength}})$`,
);

/** A key that passed the shape and checksum checks (it may still be unknown or revoked). */
export type ParsedApiKey = { type: ApiKeyType; random: string; secret: string };

/** A fresh key of a type: the secret (shown once), its SHA-256 (stored) and its display prefix. */
export function mintApiKey(type: ApiKeyType): { secret: string; hash: string; prefix: string } {
  const random = randomBase62(apiKeyRandomLength);
  const body = `bd_${type}_${random}`;
  const secret = `${body}_${checksumOf(body)}`;
  return { secret, hash: hashApiKey(secret), prefix: displayPrefix(type, random) };
}

/**
 * Checks a presented key's shape and checksum; null when either is wrong. The type is one of the
 * known ones (`ai_agent` contains an underscore, so the type is matched as a whole, not split on `_`).
 */
export function parseApiKey(presented: string): ParsedApiKey | null {
  const match = keyPattern.exec(presented);
  if (!match) return null;
  const [, type, random, checksum] = match;
  const body = `bd_${type}_${random}`;
  if (!type || !random || checksum !== checksumOf(body)) return null;
  return { type: type as ApiKeyType, random, secret: presented };
}

/** Hex SHA-256 of the whole secret: what the database holds instead of the key. */
export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** What the UI shows of a key, e.g. `bd_standard_3fA9x1Qz…`: enough to recognise it, useless to use it. */
export function displayPrefix(type: ApiKeyType, random: string): string {
  return `bd_${type}_${random.slice(0, prefixRandomLength)}…`;
}

/** Base62 CRC32 of a string, left-padded to the checksum length (62^6 > 2^32). */
export function checksumOf(body: string): string {
  let n = crc32(Buffer.from(body, 'utf8'));
  let out = '';
  for (let i = 0; i < apiKeyChecksumLength; i++) {
    out = base62.charAt(n % 62) + out;
    n = Math.floor(n / 62);
  }
  return out;
}

/** Unbiased base62 from crypto randomness: bytes ≥ 248 (4 × 62) are dropped rather than folded. */
function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += base62.charAt(byte % 62);
    }
  }
  return out;
}

const crcTable = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[i] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, as zlib computes it); written out so it does not depend on zlib.crc32 (Node ≥ 20.15). */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (crcTable[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
