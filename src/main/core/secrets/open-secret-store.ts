import type { SecretStore } from '../ports';
import { openKeytarSecretStore } from './keytar-secret-store';
import { MemorySecretStore } from './memory-secret-store';

/**
 * Picks the strongest secret store that works here: the OS keychain, else the shell's encrypted
 * file (Electron safeStorage, when it is not the fixed-key backend), else memory only — check
 * `kind` to tell the user why they must sign in on every launch. Secrets of `accounts` found in a
 * weaker store are moved into the chosen one, so changing backends loses no session.
 */
export async function openSecretStore(
  options: { fallback?: () => SecretStore | null; accounts?: readonly string[] } = {},
): Promise<SecretStore> {
  const keychain = await openKeytarSecretStore();
  const file = options.fallback?.() ?? null;
  const chosen = keychain ?? file ?? new MemorySecretStore();
  if (file && chosen !== file) await moveSecrets(file, chosen, options.accounts ?? []);
  return chosen;
}

/** Copies each account's secret that `to` lacks, then removes it from `from`. */
export async function moveSecrets(from: SecretStore, to: SecretStore, accounts: readonly string[]): Promise<void> {
  for (const account of accounts) {
    const secret = await from.get(account);
    if (secret === null) continue;
    if ((await to.get(account)) === null) await to.set(account, secret);
    await from.delete(account);
  }
}
