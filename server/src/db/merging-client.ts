import { createHash } from 'node:crypto';
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

/** Statements prepared per connection at most; past it, new texts go unnamed (parsed and planned each time). */
const maxPreparedPerConnection = 500;
/** Longer texts (e.g. a long VALUES list) are rarely repeated: not worth a prepared statement. */
const maxPreparedTextLength = 8_000;
const names = new Map<string, string>();

/** A stable name for a statement text (the same on every connection). */
function nameOf(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `bd_${createHash('sha1').update(text).digest('base64url')}`;
    if (names.size >= 10 * maxPreparedPerConnection) names.clear();
    names.set(text, name);
  }
  return name;
}

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
  readonly #prepared = new Set<string>();

  // pg's query() is heavily overloaded; only the promise form (what drizzle uses) is touched.
  override query(...args: unknown[]): never {
    const [config, values, callback] = args;
    const promiseForm = typeof values !== 'function' && typeof callback !== 'function';
    if (promiseForm) args[0] = this.#named(config, values);
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
  /**
   * A statement with parameters gets a name derived from its text, so node-postgres prepares it
   * once per connection and PostgreSQL can reuse its plan, instead of parsing and planning it on
   * every call (most of the database's work for the small statements requests make).
   */
  #named(config: unknown, values: unknown): unknown {
    if (typeof config !== 'object' || config === null || 'submit' in config) return config;
    const c = config as QueryConfig;
    const vals = Array.isArray(values) ? values : c.values;
    if (c.name || typeof c.text !== 'string' || !vals || vals.length === 0) return config;
    if (c.text.length > maxPreparedTextLength) return config;
    const name = nameOf(c.text);
    if (!this.#prepared.has(name)) {
      if (this.#prepared.size >= maxPreparedPerConnection) return config;
      this.#prepared.add(name);
    }
    return { ...c, name };
  }
}

function heldBeginResult(): pg.QueryResult {
  return { command: 'BEGIN', rowCount: null, oid: 0, rows: [], fields: [] };
}
