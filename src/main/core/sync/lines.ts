/** Splits a byte stream into text lines as they arrive, with the running byte count (for progress). */
export async function* readLines(body: ReadableStream<Uint8Array>): AsyncGenerator<{ line: string; bytes: number }> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffer = '';
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      buffer += decoder.decode(value, { stream: true });
      let newline = buffer.indexOf('\n');
      while (newline !== -1) {
        yield { line: buffer.slice(0, newline).replace(/\r$/, ''), bytes };
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
      }
    }
    buffer += decoder.decode();
    if (buffer.length > 0) yield { line: buffer.replace(/\r$/, ''), bytes };
  } finally {
    // Stops the download when the consumer leaves early (error, abort) instead of draining it.
    await reader.cancel().catch(() => undefined);
  }
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
