import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { SecretStore } from '../ports';

/** Encrypts with a key the OS keeps for this user (Electron safeStorage); never a fixed key. */
export type SecretCipher = { encrypt(plain: string): Buffer; decrypt(cipher: Buffer): string };

const fileSchema = z.record(z.string(), z.string());

/**
 * Secrets as ciphertext in one file of the user data folder, for machines without a keychain
 * service. Written atomically with owner-only permissions; a damaged file reads as empty.
 */
export class EncryptedFileSecretStore implements SecretStore {
  readonly kind = 'safeStorage' as const;
  readonly #path: string;
  readonly #cipher: SecretCipher;

  constructor(path: string, cipher: SecretCipher) {
    this.#path = path;
    this.#cipher = cipher;
  }

  async get(account: string): Promise<string | null> {
    const sealed = this.#read()[account];
    if (!sealed) return null;
    try {
      return this.#cipher.decrypt(Buffer.from(sealed, 'base64'));
    } catch {
      // Sealed under another OS key (a restored backup, another machine): as good as absent.
      return null;
    }
  }

  async set(account: string, secret: string): Promise<void> {
    this.#write({ ...this.#read(), [account]: this.#cipher.encrypt(secret).toString('base64') });
  }

  async delete(account: string): Promise<void> {
    const entries = this.#read();
    delete entries[account];
    this.#write(entries);
  }

  #read(): Record<string, string> {
    try {
      const parsed = fileSchema.safeParse(JSON.parse(readFileSync(this.#path, 'utf8')));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  #write(entries: Record<string, string>): void {
    mkdirSync(dirname(this.#path), { recursive: true });
    const temp = `${this.#path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(entries), { mode: 0o600 });
    renameSync(temp, this.#path);
  }
}

/**
 * Whether Electron's safeStorage protects anything here: on Linux it may fall back to a fixed,
 * public key (`basic_text`), which is no protection at all — then the token stays in memory.
 */
export function safeStorageProtects(facts: {
  available: boolean;
  platform: string;
  linuxBackend: string | null;
}): boolean {
  if (!facts.available) return false;
  return (
    facts.platform !== 'linux' ||
    (facts.linuxBackend !== null && facts.linuxBackend !== 'basic_text' && facts.linuxBackend !== 'unknown')
  );
}
