/**
 * Quotes a field when it holds a comma, quote or line break; a leading = + - @ is prefixed with a
 * quote mark so a spreadsheet never runs a name someone chose as a formula.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One RFC 4180 record (CRLF is added by `csvDocument`). */
export function csvRecord(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}

/** Header and records joined with CRLF, ending with one. */
export function csvDocument(header: readonly string[], records: readonly string[]): string {
  return `${[header.join(','), ...records].join('\r\n')}\r\n`;
}
