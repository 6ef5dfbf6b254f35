import pg from 'pg';

type QueryConfig = { text: string; values?: unknown[]; name?: string; rows?: number; rowMode?: string };

/** A statement sent without parameters or a name: the simple protocol, which takes several at once. */
function plainText(config: unknown, values: unknown): string | null {
  if (typeof config === 'string') return Array.isArray(values) && values.length > 0 ? null : config;
  if (typeof config !== 'object' || config === null || 'submit' in config) return null;
  const c = config as QueryConfig;
  const vals = Array.isArray(values) ? values : c.values;
  if (typeof c.text !== 'string' || c.name || c.rows || (vals && vals.length > 0)) return null;
  return c.text;
}

const opensTransaction = /^\s*begin\b/i;

/**
 * A node-postgres client that sends a transaction's BEGIN together with the statement after it
 * when that one takes no parameters (e.g. the request's `set_config` scope): one round trip instead
 * of two for every transaction. The BEGIN is answered at once and held back; the next statement
 * goes as one simple-protocol query "BEGIN; <statement>", which stops at the first error, so no
 * statement ever runs outside the transaction it was meant for. A statement with parameters sends
 * the held BEGIN on its own first. Everything else goes through unchanged.
 */
export class MergingClient extends pg.Client {
  #heldBegin: string | null = null;

  // pg's query() is heavily overloaded; only the promise form (what drizzle uses) is touched.
  override query(...args: unknown[]): never {
    const [config, values, callback] = args;
    const promiseForm = typeof values !== 'function' && typeof callback !== 'function';
    const text = promiseForm ? plainText(config, values) : null;
    const send = (a: unknown[]) => (super.query as (...x: unknown[]) => unknown)(...a);
    if (text !== null && this.#heldBegin === null && opensTransaction.test(text)) {
      this.#heldBegin = text;
      return Promise.resolve(heldBeginResult()) as never;
    }
    const held = this.#heldBegin;
    if (held === null) return send(args) as never;
    this.#heldBegin = null;
    if (!promiseForm) throw new Error('A transaction on this connection takes promise-form queries only');
    // Only once BEGIN succeeded: a statement queued behind a failed one would run outside any transaction.
    if (text === null) return (send([held]) as Promise<unknown>).then(() => send(args)) as never;
    const merged =
      typeof config === 'string' ? `${held};\n${text}` : { ...(config as object), text: `${held};\n${text}` };
    return (send([merged]) as Promise<pg.QueryResult | pg.QueryResult[]>).then((r) =>
      Array.isArray(r) ? r[r.length - 1] : r,
    ) as never;
  }
}

function heldBeginResult(): pg.QueryResult {
  return { command: 'BEGIN', rowCount: null, oid: 0, rows: [], fields: [] };
}
