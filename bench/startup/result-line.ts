// The one line a bench child prints for the parent. Dependency-free: children import it before
// the code they time.

export const resultMarker = 'startup-result ';
/** Printed the moment a child is ready, so the parent can time spawn → ready on its own clock. */
export const readyMarker = 'startup-ready';

export function writeReadyLine(): void {
  process.stdout.write(`${readyMarker}\n`);
}

/** Writes `value` as the result line and waits until it has left (a pipe write is asynchronous). */
export function writeResultLine(value: unknown): Promise<void> {
  return new Promise((resolve) => process.stdout.write(`${resultMarker}${JSON.stringify(value)}\n`, () => resolve()));
}

/** The JSON after the marker in a child's stdout, or null when it printed none. */
export function findResultLine(stdout: string): unknown {
  const line = stdout.split('\n').find((l) => l.startsWith(resultMarker));
  return line === undefined ? null : JSON.parse(line.slice(resultMarker.length));
}
