/** One line of the results table. Verdicts compare with the stated minimum and goal; nothing fails. */
export type ReportRow = {
  figure: string;
  measured: string;
  reference: string;
  ratio: string;
  minimum: string;
  goal: string;
  verdict: string;
};

export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(3)} ms`;
}

export function mb(value: number | null): string {
  return value === null || !Number.isFinite(value) ? 'n/a' : `${Math.round(value)} MB`;
}

export function ratio(measured: number, reference: number): string {
  return reference > 0 && Number.isFinite(measured) ? `${(measured / reference).toFixed(2)}×` : 'n/a';
}

/** "goal met" / "minimum met" / "BELOW MINIMUM" for a figure where lower is better. */
export function verdict(value: number, limits: { minimum?: number; goal?: number }): string {
  if (!Number.isFinite(value)) return 'not measured';
  if (limits.goal !== undefined && value <= limits.goal) return 'goal met';
  if (limits.minimum !== undefined) return value <= limits.minimum ? 'minimum met, goal missed' : 'BELOW MINIMUM';
  return limits.goal === undefined ? '—' : 'goal missed';
}

const columns: { key: keyof ReportRow; title: string }[] = [
  { key: 'figure', title: 'figure' },
  { key: 'measured', title: 'measured' },
  { key: 'reference', title: 'reference (same run)' },
  { key: 'ratio', title: 'ratio' },
  { key: 'minimum', title: 'minimum' },
  { key: 'goal', title: 'goal (DESIGN.md)' },
  { key: 'verdict', title: 'verdict' },
];

/** A plain-text table, columns padded to their widest cell. */
export function formatTable(rows: readonly ReportRow[]): string {
  const widths = columns.map((c) => Math.max(c.title.length, ...rows.map((r) => r[c.key].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(columns.map((c) => c.title)), rule, ...rows.map((r) => line(columns.map((c) => r[c.key])))].join('\n');
}
