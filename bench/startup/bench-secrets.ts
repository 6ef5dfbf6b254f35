import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EncryptedFileSecretStore } from '../../src/main/core/secrets/encrypted-file-secret-store';
import type { SecretCipher } from '../../src/main/core/secrets/encrypted-file-secret-store';

// Electron's safeStorage cannot run here; AES-GCM under a key kept in the bench's temp data folder
// plays the OS-held key, so the token survives from one bench process to the next (as a keychain
// entry would) and the core's real file store does the reading.

const keyFile = 'bench-secret.key';

function aesCipher(key: Buffer): SecretCipher {
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

/** The session-token store of a bench data folder (its key is created on first use, owner-only). */
export function openBenchSecretStore(dataDir: string): EncryptedFileSecretStore {
  const path = join(dataDir, keyFile);
  if (!existsSync(path)) writeFileSync(path, randomBytes(32), { mode: 0o600 });
  return new EncryptedFileSecretStore(join(dataDir, 'bench-secrets.json'), aesCipher(readFileSync(path)));
}
