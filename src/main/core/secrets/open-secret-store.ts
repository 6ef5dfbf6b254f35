import type { SecretStore } from '../ports';
import { openKeytarSecretStore } from './keytar-secret-store';
import { MemorySecretStore } from './memory-secret-store';

/**
 * Picks the strongest secret store that works here: the OS keychain, else the shell's fallback
 * (Electron safeStorage, when it is not the fixed-key backend), else memory only — check `kind` to
 * tell the user why they must sign in on every launch.
 */
export async function openSecretStore(options: { fallback?: () => SecretStore | null } = {}): Promise<SecretStore> {
  const keychain = await openKeytarSecretStore();
  if (keychain) return keychain;
  return options.fallback?.() ?? new MemorySecretStore();
}
