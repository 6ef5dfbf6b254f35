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
