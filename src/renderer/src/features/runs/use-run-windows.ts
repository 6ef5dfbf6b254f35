import { useEffect, useReducer, useState } from 'react';
import type { RunHistoryFilters, RunHistorySort } from '@shared/ipc-runs';
import { RunWindowCache } from './run-window-cache';

/** The history as the virtualized table reads it; a new filter or sort starts a new cache, new data refreshes it. */
export function useRunWindows(orgId: string, filters: RunHistoryFilters, sort: RunHistorySort, version: number) {
  const key = JSON.stringify([orgId, filters, sort]);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [state, setState] = useState(() => ({
    key,
    cache: new RunWindowCache({ orgId, filters, sort }, version, rerender),
  }));
  let cache = state.cache;
  if (state.key !== key) {
    // A different view: start over (React's "adjust state while rendering" pattern).
    cache = new RunWindowCache({ orgId, filters, sort }, version, rerender);
    setState({ key, cache });
  }
  useEffect(() => cache.ensure(0, 0), [cache]);
  useEffect(() => cache.refresh(version), [cache, version]);
  return cache;
}
