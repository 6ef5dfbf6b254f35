/**
 * Splits a byte stream into text lines as they arrive, with the running byte count (for progress).
 * Only each new piece is searched for line ends, and a line's pieces are joined once: a snapshot page
 * is one line of hundreds of KB arriving in many chunks.
 */
export async function* readLines(body: ReadableStream<Uint8Array>): AsyncGenerator<{ line: string; bytes: number }> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let pieces: string[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      const text = decoder.decode(value, { stream: true });
      let start = 0;
      let newline = text.indexOf('\n');
      while (newline !== -1) {
        pieces.push(text.slice(start, newline));
        const line = pieces.join('');
        pieces = [];
        yield { line: withoutCr(line), bytes };
        start = newline + 1;
        newline = text.indexOf('\n', start);
      }
      if (start < text.length) pieces.push(text.slice(start));
    }
    pieces.push(decoder.decode());
    const rest = pieces.join('');
    if (rest.length > 0) yield { line: withoutCr(rest), bytes };
  } finally {
    // Stops the download when the consumer leaves early (error, abort) instead of draining it.
    await reader.cancel().catch(() => undefined);
  }
}

function withoutCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Server-sent events: yields each event's joined `data:` payload (comments and ids are ignored). */
export async function* readServerSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let data: string[] = [];
  for await (const { line } of readLines(body)) {
    if (line === '') {
      if (data.length > 0) yield data.join('\n');
      data = [];
    } else if (line.startsWith('data:')) {
      data.push(line.slice(5).replace(/^ /, ''));
    }
  }
}
