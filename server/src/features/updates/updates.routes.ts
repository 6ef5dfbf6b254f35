import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '@shared/errors';

/** A byte range of a file, both ends inclusive (as in the Range header). */
export type ByteRange = { start: number; end: number };

/** A plain file name: no folders, no leading dot, nothing a path could be built from. */
const fileNamePattern = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** What an electron-builder feed folder holds; anything else there is not served. */
const contentTypes: Record<string, string> = {
  '.yml': 'text/yaml; charset=utf-8',
  '.blockmap': 'application/octet-stream',
  '.exe': 'application/octet-stream',
  '.dmg': 'application/octet-stream',
  '.zip': 'application/octet-stream',
  '.appimage': 'application/octet-stream',
  '.deb': 'application/octet-stream',
  '.rpm': 'application/octet-stream',
};

// electron-updater asks for up to 1000 ranges at once in a differential download.
const maxRanges = 1000;
const chunkSize = 64 * 1024;

/**
 * The update feed of self-hosted installs: `<BOTDESK_DATA_DIR>/updates/` (electron-builder's output:
 * latest*.yml, installers, blockmaps) as plain files, public, with the byte ranges that
 * electron-updater's differential downloads ask for.
 */
export const updatesRoutes: FastifyPluginAsync = async (app) => {
  const folder = join(app.config.BOTDESK_DATA_DIR, 'updates');

  app.route<{ Params: { file: string } }>({
    method: ['GET', 'HEAD'],
    url: '/updates/:file',
    schema: { hide: true },
    handler: async (request, reply) => {
      const name = request.params.file;
      const contentType = fileNamePattern.test(name) ? contentTypes[extname(name).toLowerCase()] : undefined;
      const file = contentType ? await openFile(join(folder, name)) : null;
      if (!contentType || !file) throw new AppError('not_found', `No update file ${name}`);

      const { handle, size, modified } = file;
      // The feed changes in place when a release is published: caches must revalidate.
      reply.headers({ 'accept-ranges': 'bytes', 'cache-control': 'no-cache', 'last-modified': modified.toUTCString() });
      const ranges = parseRange(request.headers.range, size);
      if (ranges === 'unsatisfiable') {
        await handle.close();
        return reply.code(416).header('content-range', `bytes */${size}`).send();
      }
      const body = responseBody(ranges, size, contentType);
      reply.code(body.status).headers({ ...body.headers, 'content-length': String(body.length) });
      if (request.method === 'HEAD') {
        await handle.close();
        return reply.send();
      }
      const stream = Readable.from(fileBytes(handle, body.parts), { objectMode: false });
      // 'close' follows the end, an error and a client that went away alike.
      stream.once('close', () => void handle.close().catch(() => undefined));
      return reply.send(stream);
    },
  });
};

/**
 * Reads a Range header against a file's size (RFC 9110 §14): null means serve the whole file
 * (no header, another unit, a malformed or an overlapping set), 'unsatisfiable' means 416.
 */
export function parseRange(header: string | undefined, size: number): ByteRange[] | 'unsatisfiable' | null {
  const match = header === undefined ? null : /^bytes=(.+)$/i.exec(header.trim());
  if (!match?.[1]) return null;
  const specs = match[1].split(',').map((s) => s.trim());
  if (specs.length > maxRanges) return null;
  const ranges: ByteRange[] = [];
  for (const spec of specs) {
    const m = /^(\d*)-(\d*)$/.exec(spec);
    const [first, last] = [m?.[1] ?? '', m?.[2] ?? ''];
    if (!m || (first === '' && last === '')) return null;
    if (first === '') {
      const suffix = Number(last);
      if (suffix > 0 && size > 0) ranges.push({ start: Math.max(0, size - suffix), end: size - 1 });
      continue;
    }
    const start = Number(first);
    if (last !== '' && Number(last) < start) return null;
    if (start < size) ranges.push({ start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) });
  }
  if (ranges.length === 0) return 'unsatisfiable';
  // Overlapping or unordered ranges could multiply a large file many times over; send it once instead.
  for (let i = 1; i < ranges.length; i++) if (ranges[i].start <= ranges[i - 1].end) return null;
  return ranges;
}

type Body = { status: 200 | 206; headers: Record<string, string>; parts: Array<Buffer | ByteRange>; length: number };

function responseBody(ranges: ByteRange[] | null, size: number, contentType: string): Body {
  if (ranges === null)
    return withLength({ status: 200, headers: { 'content-type': contentType }, parts: [{ start: 0, end: size - 1 }] });
  const [only] = ranges;
  if (ranges.length === 1) {
    const headers = { 'content-type': contentType, 'content-range': `bytes ${only.start}-${only.end}/${size}` };
    return withLength({ status: 206, headers, parts: [only] });
  }
  // multipart/byteranges as electron-updater's parser reads it: "--b" CRLF headers CRLF CRLF data CRLF "--b" … "--b--".
  const boundary = randomBytes(12).toString('hex');
  const parts: Array<Buffer | ByteRange> = [];
  ranges.forEach((range, i) => {
    const head = `${i === 0 ? '' : '\r\n'}--${boundary}\r\ncontent-type: ${contentType}\r\ncontent-range: bytes ${range.start}-${range.end}/${size}\r\n\r\n`;
    parts.push(Buffer.from(head), range);
  });
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return withLength({ status: 206, headers: { 'content-type': `multipart/byteranges; boundary=${boundary}` }, parts });
}

function withLength(body: Omit<Body, 'length'>): Body {
  const length = body.parts.reduce((n, p) => n + (Buffer.isBuffer(p) ? p.length : p.end - p.start + 1), 0);
  return { ...body, length };
}

async function openFile(path: string): Promise<{ handle: FileHandle; size: number; modified: Date } | null> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
  const stat = await handle.stat().catch(async (error: unknown) => {
    await handle.close();
    throw error;
  });
  // A folder (or a device) with an allowed name is still not an update file.
  if (!stat.isFile()) {
    await handle.close();
    return null;
  }
  return { handle, size: stat.size, modified: stat.mtime };
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

/** The response bytes, read in chunks as the client takes them: a large installer is never held whole. */
async function* fileBytes(handle: FileHandle, parts: Array<Buffer | ByteRange>): AsyncGenerator<Buffer> {
  for (const part of parts) {
    if (Buffer.isBuffer(part)) {
      yield part;
      continue;
    }
    for (let position = part.start; position <= part.end;) {
      const buffer = Buffer.allocUnsafe(Math.min(chunkSize, part.end - position + 1));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) throw new Error('The update file shrank while it was being sent');
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  }
}
