import type { SecretStore } from '../ports';

type Keytar = {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
};

/** The keychain service name every Botdesk secret is filed under. */
export const KEYTAR_SERVICE = 'Botdesk';

/** The OS keychain (Secret Service, Keychain, Credential Vault) through keytar. */
export class KeytarSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;
  readonly #keytar: Keytar;
  readonly #service: string;

  constructor(keytar: Keytar, service = KEYTAR_SERVICE) {
    this.#keytar = keytar;
    this.#service = service;
  }

  async get(account: string): Promise<string | null> {
    return this.#keytar.getPassword(this.#service, account);
  }

  async set(account: string, secret: string): Promise<void> {
    await this.#keytar.setPassword(this.#service, account, secret);
  }

  async delete(account: string): Promise<void> {
    await this.#keytar.deletePassword(this.#service, account);
  }
}

/**
 * Loads keytar and proves the keychain answers with a harmless read; null when the native module is
 * missing or no keychain service runs (e.g. Linux without a Secret Service).
 */
export async function openKeytarSecretStore(service = KEYTAR_SERVICE): Promise<KeytarSecretStore | null> {
  try {
    // keytar is a native module; loading it lazily keeps a missing build from breaking startup.
    const loaded: Keytar & { default?: Keytar } = await import('keytar');
    const keytar = loaded.default ?? loaded;
    const store = new KeytarSecretStore(keytar, service);
    await withTimeout(store.get('probe'), 3000);
    return store;
  } catch {
    return null;
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('keychain did not answer')), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
