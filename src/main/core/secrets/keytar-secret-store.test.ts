import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openKeytarSecretStore } from './keytar-secret-store';

// The real Secret Service is only there when CI wraps the run in dbus-run-session + gnome-keyring.
const hasSessionBus = Boolean(process.env['DBUS_SESSION_BUS_ADDRESS']);
const store = hasSessionBus ? await openKeytarSecretStore(`Botdesk-test-${randomUUID()}`) : null;

describe.skipIf(store === null)(
  'KeytarSecretStore (needs a Secret Service: run under scripts/with-secret-service.sh)',
  () => {
    it('stores, reads and deletes a token in the OS keychain', async () => {
      const account = `session:${randomUUID()}`;
      await store?.set(account, 'token-value');

      expect(store?.kind).toBe('keychain');
      expect(await store?.get(account)).toBe('token-value');
      await store?.delete(account);
      expect(await store?.get(account)).toBeNull();
    });
  },
);
