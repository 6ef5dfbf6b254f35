import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from './memory-secret-store';
import { EncryptedFileSecretStore, safeStorageProtects } from './encrypted-file-secret-store';
import type { SecretCipher } from './encrypted-file-secret-store';
import { moveSecrets } from './open-secret-store';

// Electron's safeStorage cannot run here; AES-GCM under a random key plays the OS-held key.
function aesCipher(key = randomBytes(32)): SecretCipher {
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt(sealed) {
      const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

const path = () => join(mkdtempSync(join(tmpdir(), 'botdesk-secrets-')), 'secrets.json');

describe('encrypted file secret store', () => {
  it('keeps a token across restarts, only as ciphertext, readable by the owner alone', async () => {
    const file = path();
    const cipher = aesCipher();
    await new EncryptedFileSecretStore(file, cipher).set('session:u1', 'token-abc');
    expect(await new EncryptedFileSecretStore(file, cipher).get('session:u1')).toBe('token-abc');
    expect(readFileSync(file, 'utf8')).not.toContain('token-abc');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('treats a damaged file or another key’s ciphertext as no token', async () => {
    const file = path();
    await new EncryptedFileSecretStore(file, aesCipher()).set('session:u1', 'token-abc');
    expect(await new EncryptedFileSecretStore(file, aesCipher()).get('session:u1')).toBeNull();
    writeFileSync(file, '{not json');
    expect(await new EncryptedFileSecretStore(file, aesCipher()).get('session:u1')).toBeNull();
  });

  it('deletes one account and keeps the others', async () => {
    const store = new EncryptedFileSecretStore(path(), aesCipher());
    await store.set('session:a', 'A');
    await store.set('session:b', 'B');
    await store.delete('session:a');
    expect([await store.get('session:a'), await store.get('session:b')]).toEqual([null, 'B']);
  });
});

describe('moving between backends', () => {
  it('moves a session into the keychain once it appears, and keeps one already there', async () => {
    const file = new EncryptedFileSecretStore(path(), aesCipher());
    await file.set('session:u1', 'from-file');
    await file.set('session:u2', 'stale');
    const keychain = new MemorySecretStore();
    await keychain.set('session:u2', 'current');
    await moveSecrets(file, keychain, ['session:u1', 'session:u2', 'session:u3']);
    expect(await keychain.get('session:u1')).toBe('from-file');
    expect(await keychain.get('session:u2')).toBe('current');
    expect(await file.get('session:u1')).toBeNull();
  });
});

describe('safeStorage', () => {
  it('is trusted on macOS and Windows, and on Linux only with a real keyring backend', () => {
    expect(safeStorageProtects({ available: true, platform: 'darwin', linuxBackend: null })).toBe(true);
    expect(safeStorageProtects({ available: true, platform: 'win32', linuxBackend: null })).toBe(true);
    expect(safeStorageProtects({ available: true, platform: 'linux', linuxBackend: 'gnome_libsecret' })).toBe(true);
    expect(safeStorageProtects({ available: true, platform: 'linux', linuxBackend: 'basic_text' })).toBe(false);
    expect(safeStorageProtects({ available: false, platform: 'darwin', linuxBackend: null })).toBe(false);
  });
});
