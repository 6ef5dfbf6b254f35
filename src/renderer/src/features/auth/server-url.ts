import type { SessionState } from '@shared/ipc';

export const defaultServerUrl = 'http://127.0.0.1:8787';

/** The server the person used last (the core remembers it), else the local default. */
export function initialServerUrl(session: SessionState | null): string {
  return session?.serverUrl ?? defaultServerUrl;
}
