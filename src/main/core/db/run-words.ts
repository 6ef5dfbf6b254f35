import type Database from 'better-sqlite3';

// The words of the local runs' error and log texts, kept in `run_words` by triggers on `runs` (see
// the migration), so that a search whose last word is still being typed can name the whole words
// that prefix stands for. FTS5 answers `"invoic"*` by reading the document list of every word the
// prefix covers, all of it, before the first row — tens of milliseconds for a word in every log of
// a million runs — while `("invoice" OR "invoices")` is read lazily, newest first, like one word.
//
// Words are cut and folded as FTS5's default tokenizer (unicode61, remove_diacritics 1) does: runs
// of letters, digits and marks, lower-cased, diacritics dropped. Only words holding a letter are
// kept: a number (an invoice number, a count) is rarely typed as a prefix of a common word, and
// numbers are most of a log's distinct words. Words are never removed when runs are: a word no run
// has any more only adds an alternative that matches nothing.

const tokenPattern = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;
const letter = /\p{L}/u;
// Most logs are ASCII: cut and folded without Unicode normalization (several times faster).
const asciiText = /^[\p{ASCII}]*$/u;
const asciiToken = /[a-z0-9]+/g;
const asciiLetter = /[a-z]/;

/** A token as FTS5's unicode61 tokenizer indexes it: lower case, without diacritics. */
export function foldWord(token: string): string {
  return token.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The distinct words holding a letter of a run's error and log, as a JSON array (what the trigger reads). */
export function runWordsOf(error: unknown, log: unknown): string {
  const words = new Set<string>();
  for (const text of [error, log]) {
    if (typeof text !== 'string') continue;
    if (asciiText.test(text)) {
      for (const word of text.toLowerCase().match(asciiToken) ?? []) if (asciiLetter.test(word)) words.add(word);
      continue;
    }
    for (const [token] of text.matchAll(tokenPattern)) {
      const word = foldWord(token);
      if (letter.test(word)) words.add(word);
    }
  }
  return JSON.stringify([...words]);
}

/** Registers `run_words_of(error, log)`, which the run_words triggers call, on a connection. */
export function registerRunWords(sqlite: Database.Database): void {
  sqlite.function('run_words_of', { deterministic: true }, runWordsOf);
}

/**
 * The trigger statement adding a run's new words. An upsert clause, not INSERT OR IGNORE: the
 * outer statement's conflict policy (the upsert that stores runs) replaces a trigger statement's
 * OR clause. (`WHERE true` tells SQLite's parser the ON CONFLICT is the upsert's.)
 */
const newWordsOf = (row: string) => `INSERT INTO run_words (word)
    SELECT w.value FROM json_each(run_words_of(${row}.error, ${row}.log)) AS w WHERE true
    ON CONFLICT (word) DO NOTHING;`;

/** The migration that creates run_words, fills it from the stored runs and keeps it with triggers; FTS re-indexes changed text only. */
export const runWordsMigration = /* sql */ `
  CREATE TABLE run_words (word TEXT PRIMARY KEY) WITHOUT ROWID;
  INSERT OR IGNORE INTO run_words (word)
    SELECT w.value FROM runs, json_each(run_words_of(runs.error, runs.log)) AS w;
  CREATE TRIGGER runs_words_insert AFTER INSERT ON runs BEGIN
    ${newWordsOf('new')}
  END;
  CREATE TRIGGER runs_words_update AFTER UPDATE OF error, log ON runs
  WHEN new.error IS NOT old.error OR new.log IS NOT old.log BEGIN
    ${newWordsOf('new')}
  END;
  -- A run is stored again at every status change with its text unchanged: re-index it only when
  -- the text changed (what the words cost on a write, this saves on most updates).
  DROP TRIGGER runs_fts_update;
  CREATE TRIGGER runs_fts_update AFTER UPDATE OF error, log ON runs
  WHEN new.error IS NOT old.error OR new.log IS NOT old.log BEGIN
    INSERT INTO runs_fts (runs_fts, rowid, error, log) VALUES ('delete', old.rowid, old.error, old.log);
    INSERT INTO runs_fts (rowid, error, log) VALUES (new.rowid, new.error, new.log);
  END;
`;
