/**
 * A fetch whose network can be cut the way a real outage cuts it: new requests reject like an
 * unreachable host, and responses still streaming (SSE, snapshots) fail mid-body.
 */
export type SwitchableNetwork = {
  fetch: typeof fetch;
  cut(): void;
  restore(): void;
  /** Requests that reached the server, as `METHOD /path`. */
  readonly requests: string[];
};

export function createSwitchableNetwork(): SwitchableNetwork {
  let online = true;
  const inFlight = new Set<AbortController>();
  const requests: string[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!online) throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
    requests.push(`${init?.method ?? 'GET'} ${new URL(url).pathname}`);
    const controller = new AbortController();
    inFlight.add(controller);
    const signal = init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
    return fetch(input, { ...init, signal });
  };
  return {
    fetch: fetchFn,
    requests,
    cut() {
      online = false;
      for (const c of inFlight) c.abort(new TypeError('terminated'));
      inFlight.clear();
    },
    restore() {
      online = true;
    },
  };
}
