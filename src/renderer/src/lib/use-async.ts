import { useCallback, useEffect, useState } from 'react';

export type AsyncState<T> =
  | { status: 'loading'; data: T | null; error: null }
  | { status: 'ready'; data: T; error: null }
  | { status: 'error'; data: T | null; error: string };

/**
 * Reads something from the core whenever `key` changes (e.g. an org id plus its data version);
 * answers that arrive after a newer read started are dropped. Earlier data stays shown while re-reading.
 */
export function useAsync<T>(load: () => Promise<T>, key: string): AsyncState<T> & { reload(): void } {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading', data: null, error: null });
  const [nonce, setNonce] = useState(0);
  // `load` is a fresh closure every render; `key` names what it reads.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const stableLoad = useCallback(load, [key]);

  useEffect(() => {
    let live = true;
    const run = async () => {
      setState((s) => ({ status: 'loading', data: s.data, error: null }));
      try {
        const data = await stableLoad();
        if (live) setState({ status: 'ready', data, error: null });
      } catch (error) {
        if (live)
          setState((s) => ({
            status: 'error',
            data: s.data,
            error: error instanceof Error ? error.message : 'Could not load this',
          }));
      }
    };
    void run();
    return () => {
      live = false;
    };
  }, [stableLoad, nonce]);

  return { ...state, reload: () => setNonce((n) => n + 1) };
}
