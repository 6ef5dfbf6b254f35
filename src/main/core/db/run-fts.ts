import type { RunHistorySort } from '@shared/ipc-runs';
import { cachedStatement } from './connection';
import type { LocalDb } from './connection';
import { conditions, sortColumns } from './run-history';
import type { RunRowFilters } from './run-history';

/** Words beyond this many are ignored: a search is a few words, not a document. */
const maxWords = 12;
/** A half-typed word standing for more whole words than this is searched as a prefix. */
const maxPrefixWords = 64;

/**
 * What a person typed as FTS5 phrases, built so that none of their text is read as FTS5 syntax
 * (`"`, `*`, `OR`, `NEAR(`, `col:` …): each whitespace-separated word becomes the phrase of its
 * letters and digits (so `INV-1042` is `INV 1042`, as the unicode61 tokenizer indexed it), and
 * whether the last one is still being typed (no space after it).
 */
function searchPhrases(text: string): { phrases: string[]; typingLast: boolean } {
  const phrases = text
    .split(/\s+/u)
    .map((word) => word.match(/[\p{L}\p{N}\p{M}]+/gu)?.join(' ') ?? '')
    .filter((phrase) => phrase !== '')
    .slice(0, maxWords);
  return { phrases, typingLast: !/\s$/u.test(text) };
}

/**
 * An FTS5 MATCH expression for what a person typed (see searchPhrases): every word must match; the
 * last word also matches as a prefix while the person is still typing it. Null when the text holds
 * no searchable word.
 */
export function ftsMatchExpression(text: string): string | null {
  const { phrases, typingLast } = searchPhrases(text);
  if (phrases.length === 0) return null;
  const quoted = phrases.map((phrase) => `"${phrase}"`);
  if (typingLast) quoted[quoted.length - 1] = `${quoted.at(-1)}*`;
  return quoted.join(' ');
}

/** The newest `cap` runs (rowids, of every org) matching an expression, and whether more matched. */
export type NewestMatches = { rowids: number[]; capped: boolean };

/**
 * What a search reads: its MATCH expression, whether more than `cap` runs match it, and its newest
 * matches when finding that out read them (a prefix, see textSearchFor).
 */
export type TextSearch = { match: string; cap: number; capped: boolean; newest: number[] | null };

/**
 * The search for what a person typed. FTS5 reads every document of every word a prefix covers
 * before it answers (tens of milliseconds for a word in every log of a million runs), so a last
 * word still being typed is searched, in this order: as the whole word when that alone matches more
 * than `cap` runs (the prefix would only add matches to a list already capped); as the whole words
 * it begins (run_words, see run-words.ts) when it is of plain letters and digits and begins a few;
 * else as typed. Whole words are read lazily, so asking whether one matches past the cap is cheap; a
 * prefix is read once, here, and its newest matches kept. Null when nothing searchable was typed.
 */
export function textSearchFor(db: LocalDb, text: string, cap: number): TextSearch | null {
  const typed = ftsMatchExpression(text);
  const whole = ftsMatchExpression(`${text} `);
  if (typed === null || whole === null) return null;
  const ofWholeWords = (match: string) => ({ match, cap, capped: matchesPast(db, match, cap), newest: null });
  const wholeSearch = ofWholeWords(whole);
  if (typed === whole || wholeSearch.capped) return wholeSearch;
  const expanded = expandedLastWord(db, text);
  if (expanded !== null) return ofWholeWords(expanded);
  const { rowids, capped } = newestMatches(db, typed, cap);
  return { match: typed, cap, capped, newest: rowids };
}

/** Whether more than `cap` runs match: one step past the cap-th newest match, nothing read into JavaScript. */
function matchesPast(db: LocalDb, match: string, cap: number): boolean {
  const beyond = cachedStatement(
    db,
    'SELECT rowid FROM runs_fts WHERE runs_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?',
  )
    .pluck()
    .get(match, cap);
  return beyond !== undefined;
}

/** One FTS5 read, newest first (a prefix is expensive to read twice). */
function newestMatches(db: LocalDb, match: string, cap: number): NewestMatches {
  const rowids = cachedStatement(db, 'SELECT rowid FROM runs_fts WHERE runs_fts MATCH ? ORDER BY rowid DESC LIMIT ?')
    .pluck()
    .all(match, cap + 1) as number[];
  const capped = rowids.length > cap;
  if (capped) rowids.pop();
  return { rowids, capped };
}

/** The expression with its last, half-typed token replaced by the whole words it begins; null when that cannot be done. */
function expandedLastWord(db: LocalDb, text: string): string | null {
  const { phrases } = searchPhrases(text);
  const last = phrases.at(-1);
  if (last === undefined) return null;
  const tokens = last.split(' ');
  const typed = tokens.pop() ?? '';
  // Non-ASCII may be folded differently by SQLite's tables than by JavaScript's, and run_words holds
  // no numbers: such a prefix is searched as typed.
  if (!/^[A-Za-z0-9]+$/.test(typed) || !/[A-Za-z]/.test(typed)) return null;
  const prefix = typed.toLowerCase();
  const words = cachedStatement(db, 'SELECT word FROM run_words WHERE word >= ? AND word < ? ORDER BY word LIMIT ?')
    .pluck()
    .all(prefix, `${prefix}\u{10FFFF}`, maxPrefixWords + 1) as string[];
  if (words.length === 0 || words.length > maxPrefixWords) return null;
  const head = tokens.length > 0 ? `${tokens.join(' ')} ` : '';
  const alternatives = words.map((word) => `"${head}${word}"`).join(' OR ');
  // Explicit ANDs: FTS5 does not join a parenthesized group to a phrase by juxtaposition.
  return [...phrases.slice(0, -1).map((phrase) => `"${phrase}"`), `(${alternatives})`].join(' AND ');
}

/**
 * The newest `cap` runs (by storage order, of every org: FTS5 has no org column) matching the
 * search, kept when they pass the filters, in the sort's order (ties as in run-history.ts), and
 * whether more than `cap` matched. The matches come from FTS5 inside the statement, or from the
 * list the search already read (a prefix); the filter and sort values from `run_keys`, not from
 * each run's row.
 */
export function textMatches(
  db: LocalDb,
  orgId: string,
  f: RunRowFilters,
  sort: RunHistorySort,
  text: TextSearch,
): NewestMatches {
  const { capped } = text;
  const org = keyId(db, orgId);
  const bot = f.botId ? keyId(db, f.botId) : undefined;
  // No stored run has this org or bot.
  if (org === null || bot === null || text.newest?.length === 0) return { rowids: [], capped };
  const { where, args } = conditions([
    ['k.org = ?', org],
    ['k.bot = ?', bot],
    ['k.status = ?', f.status],
    ['k.queued_at >= ?', f.from],
    ['k.queued_at <= ?', f.to],
  ]);
  const dir = sort.dir === 'desc' ? 'DESC' : 'ASC';
  const ties = sort.key === 'queuedAt' ? '' : `k.queued_at ${dir}, `;
  // Whole words are found inside the statement: handing 10,000 rowids to JavaScript and back as JSON
  // cost more than finding them. A prefix, read once already, is handed back.
  const matches = text.newest
    ? { source: 'SELECT value FROM json_each(?)', args: [JSON.stringify(text.newest)] }
    : {
        source: 'SELECT rowid AS value FROM runs_fts WHERE runs_fts MATCH ? ORDER BY rowid DESC LIMIT ?',
        args: [text.match, text.cap],
      };
  // The matches drive the join: one rowid lookup in run_keys each.
  const sql = `SELECT k.rid FROM (${matches.source}) AS m CROSS JOIN run_keys AS k ON k.rid = m.value WHERE ${where}
    ORDER BY k.${sortColumns[sort.key]} ${dir}, ${ties}k.rid ${dir}`;
  const rowids = cachedStatement(db, sql)
    .pluck()
    .all(...matches.args, ...args) as number[];
  return { rowids, capped };
}

/** The number `run_keys` gives an org or bot id (null: no run has it). */
function keyId(db: LocalDb, id: string): number | null {
  const n = cachedStatement(db, 'SELECT n FROM run_key_ids WHERE id = ?').pluck().get(id) as number | undefined;
  return n ?? null;
}
