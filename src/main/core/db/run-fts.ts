import type { RunHistorySort } from '@shared/ipc-runs';
import { cachedStatement } from './connection';
import type { LocalDb } from './connection';
import { conditions, sortColumns } from './run-history';
import type { RunRowFilters } from './run-history';

/** Words beyond this many are ignored: a search is a few words, not a document. */
const maxWords = 12;

/**
 * An FTS5 MATCH expression for what a person typed, built so that none of their text is read as
 * FTS5 syntax (`"`, `*`, `OR`, `NEAR(`, `col:` …). Each whitespace-separated word becomes a quoted
 * phrase of its letters and digits (so `INV-1042` is the phrase `"INV 1042"`, as the unicode61
 * tokenizer indexed it); every word must match; the last word also matches as a prefix while the
 * person is still typing it. Null when the text holds no searchable word.
 */
export function ftsMatchExpression(text: string): string | null {
  const phrases = text
    .split(/\s+/u)
    .map((word) => word.match(/[\p{L}\p{N}\p{M}]+/gu)?.join(' ') ?? '')
    .filter((phrase) => phrase !== '')
    .slice(0, maxWords)
    .map((phrase) => `"${phrase}"`);
  if (phrases.length === 0) return null;
  const typingLastWord = !/\s$/u.test(text);
  if (typingLastWord) phrases[phrases.length - 1] = `${phrases.at(-1)}*`;
  return phrases.join(' ');
}

/**
 * The MATCH expression a search runs: as typed, unless its last word (still being typed, so a
 * prefix) already matches more than `cap` runs as a whole word. FTS5 reads every document of every
 * word a prefix covers before it answers (tens of milliseconds for a word in every log of a
 * million runs), and the prefix would only add matches to a list already capped.
 */
export function searchExpression(db: LocalDb, text: string, cap: number): string | null {
  const typed = ftsMatchExpression(text);
  const whole = ftsMatchExpression(`${text} `);
  if (typed === null || whole === null || typed === whole) return typed;
  return countTextMatches(db, whole, cap + 1) > cap ? whole : typed;
}

/**
 * The newest `cap` runs (by storage order, of every org: FTS5 has no org column) matching the
 * expression, kept when they pass the filters, in the sort's order (ties as in run-history.ts), and
 * whether more than `cap` matched. One FTS5 read answers both (a prefix is expensive to read
 * twice); the filter and sort values come from `run_keys`, not from each run's row.
 */
export function textMatches(
  db: LocalDb,
  orgId: string,
  f: RunRowFilters,
  sort: RunHistorySort,
  text: { match: string; cap: number },
): { rowids: number[]; capped: boolean } {
  const newest = cachedStatement(db, 'SELECT rowid FROM runs_fts WHERE runs_fts MATCH ? ORDER BY rowid DESC LIMIT ?')
    .pluck()
    .all(text.match, text.cap + 1) as number[];
  const capped = newest.length > text.cap;
  if (capped) newest.pop();
  const org = keyId(db, orgId);
  const bot = f.botId ? keyId(db, f.botId) : undefined;
  // No stored run has this org or bot.
  if (org === null || bot === null || newest.length === 0) return { rowids: [], capped };
  const { where, args } = conditions([
    ['k.org = ?', org],
    ['k.bot = ?', bot],
    ['k.status = ?', f.status],
    ['k.queued_at >= ?', f.from],
    ['k.queued_at <= ?', f.to],
  ]);
  const dir = sort.dir === 'desc' ? 'DESC' : 'ASC';
  const ties = sort.key === 'queuedAt' ? '' : `k.queued_at ${dir}, `;
  // The matches drive the join: one rowid lookup in run_keys each.
  const sql = `SELECT k.rid FROM json_each(?) AS m CROSS JOIN run_keys AS k ON k.rid = m.value WHERE ${where}
    ORDER BY k.${sortColumns[sort.key]} ${dir}, ${ties}k.rid ${dir}`;
  const rowids = cachedStatement(db, sql)
    .pluck()
    .all(JSON.stringify(newest), ...args) as number[];
  return { rowids, capped };
}

/** The number `run_keys` gives an org or bot id (null: no run has it). */
function keyId(db: LocalDb, id: string): number | null {
  const n = cachedStatement(db, 'SELECT n FROM run_key_ids WHERE id = ?').pluck().get(id) as number | undefined;
  return n ?? null;
}

/** How many runs (of every org) match the words, counting no further than `cap`. */
export function countTextMatches(db: LocalDb, match: string, cap: number): number {
  const sql = 'SELECT count(*) AS n FROM (SELECT rowid FROM runs_fts WHERE runs_fts MATCH ? LIMIT ?)';
  return (cachedStatement(db, sql).get(match, cap) as { n: number }).n;
}
