import { join } from 'node:path';
import { safeStorage } from 'electron';
import type { SecretStore } from '../core/ports';
import { EncryptedFileSecretStore, safeStorageProtects } from '../core/secrets/encrypted-file-secret-store';
import { openSecretStore } from '../core/secrets/open-secret-store';

/** Keychain first, then safeStorage ciphertext where it is not the fixed-key backend, else memory. */
export function openDesktopSecretStore(dataDir: string, accounts: readonly string[]): Promise<SecretStore> {
  return openSecretStore({
    accounts,
    fallback: () => {
      const protects = safeStorageProtects({
        available: safeStorage.isEncryptionAvailable(),
        platform: process.platform,
        linuxBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null,
      });
      if (!protects) return null;
      return new EncryptedFileSecretStore(join(dataDir, 'secrets.json'), {
        encrypt: (plain) => safeStorage.encryptString(plain),
        decrypt: (sealed) => safeStorage.decryptString(sealed),
      });
    },
  });
}
