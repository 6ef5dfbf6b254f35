import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The real client's multipart parser: what a differential download will meet in the field.
import { DataSplitter } from 'electron-updater/out/differentialDownloader/DataSplitter';
import { OperationKind } from 'electron-updater/out/differentialDownloader/downloadPlanBuilder';
import { startTestServer } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { parseRange } from './updates.routes';

let server: TestServer;
const feed =
  'version: 1.2.0\nfiles:\n  - url: Botdesk-Setup-1.2.0.exe\n    sha512: abc\npath: Botdesk-Setup-1.2.0.exe\n';
// Larger than one read chunk, so whole-file and ranged responses span several reads.
const installer = randomBytes(300_000);
const installerUrl = '/updates/Botdesk-Setup-1.2.0.exe';

beforeAll(async () => {
  server = await startTestServer();
  const dataDir = server.app.config.BOTDESK_DATA_DIR;
  const folder = join(dataDir, 'updates');
  await mkdir(join(folder, 'sub'), { recursive: true });
  await mkdir(join(folder, 'nested.zip'));
  await writeFile(join(folder, 'latest.yml'), feed);
  await writeFile(join(folder, 'Botdesk-Setup-1.2.0.exe'), installer);
  await writeFile(join(folder, 'empty.blockmap'), '');
  await writeFile(join(folder, '.hidden.yml'), 'CONTENT-OF-HIDDEN');
  await writeFile(join(folder, 'notes.txt'), 'CONTENT-OF-NOTES');
  await writeFile(join(folder, 'sub', 'latest.yml'), 'CONTENT-OF-SUBFOLDER');
  await writeFile(join(dataDir, 'outside.yml'), 'CONTENT-OF-OUTSIDE');
});
afterAll(async () => {
  await server?.close();
});

async function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
  const response = await fetch(`${server.url}${path}`, { method, headers });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

/** A request whose path goes out byte for byte (fetch would resolve `..` segments first). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /updates/:file', () => {
  it('serves the feed to anyone, as YAML that caches must revalidate', async () => {
    const res = await get('/updates/latest.yml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/yaml/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.body.toString()).toBe(feed);
  });

  it('serves an installer whole and byte for byte', async () => {
    const res = await get(installerUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-length')).toBe(String(installer.length));
    expect(res.body.equals(installer)).toBe(true);
  });

  it('serves an empty file', async () => {
    const res = await get('/updates/empty.blockmap');
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(0);
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await get(installerUrl, {}, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(installer.length));
    expect(res.headers.get('last-modified')).toBeTruthy();
    expect(res.body.length).toBe(0);
  });

  it.each([
    ['bytes=100-199', 100, 199],
    ['bytes=299990-', 299_990, 299_999],
    ['bytes=-10', 299_990, 299_999],
    ['bytes=200000-999999', 200_000, 299_999],
  ])('sends the single range %s as 206 Partial Content', async (range, start, end) => {
    const res = await get(installerUrl, { range });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${installer.length}`);
    expect(res.headers.get('content-length')).toBe(String(end - start + 1));
    expect(res.body.equals(installer.subarray(start, end + 1))).toBe(true);
  });

  it('answers a HEAD with a range like the GET would', async () => {
    const res = await get(installerUrl, { range: 'bytes=0-9' }, 'HEAD');
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 0-9/${installer.length}`);
    expect(res.headers.get('content-length')).toBe('10');
    expect(res.body.length).toBe(0);
  });

  it('answers 416 with the size when no range fits the file', async () => {
    const res = await get(installerUrl, { range: 'bytes=300000-' });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${installer.length}`);
    expect((await get('/updates/empty.blockmap', { range: 'bytes=0-0' })).status).toBe(416);
  });

  it.each(['bytes=9-2', 'items=0-1', 'bytes=abc', 'bytes=0-100, 50-60'])(
    'ignores the unusable Range %j and sends the whole file',
    async (range) => {
      const res = await get(installerUrl, { range });
      expect(res.status).toBe(200);
      expect(res.body.length).toBe(installer.length);
    },
  );

  it("sends several ranges as multipart/byteranges that electron-updater's parser reads back", async () => {
    const ranges = [
      { start: 0, end: 99 },
      { start: 1000, end: 70_999 },
      { start: 250_000, end: 299_999 },
    ];
    // The header exactly as electron-updater writes it.
    const res = await get(installerUrl, { range: `bytes=${ranges.map((r) => `${r.start}-${r.end}`).join(', ')}` });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-length')).toBe(String(res.body.length));
    const boundary = /boundary=([^\s;]+)/.exec(res.headers.get('content-type') ?? '')?.[1] ?? '';
    expect(res.headers.get('content-type')).toMatch(/^multipart\/byteranges; boundary=/);

    const received: Buffer[] = [];
    const out = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        received.push(chunk);
        callback();
      },
    });
    const tasks = ranges.map((r) => ({ kind: OperationKind.DOWNLOAD, start: r.start, end: r.end + 1 }));
    let finished = false;
    const splitter = new DataSplitter(
      out,
      { tasks, start: 0, end: tasks.length, oldFileFd: -1 },
      new Map(tasks.map((_, i) => [i, i])),
      boundary,
      tasks.map((t) => t.end - t.start),
      () => (finished = true),
      tasks.reduce((n, t) => n + t.end - t.start, 0),
    );
    // Odd-sized pieces, so part headers and boundaries straddle writes as they do on a network.
    for (let i = 0; i < res.body.length && !finished; i += 4093) {
      const piece = res.body.subarray(i, i + 4093);
      await new Promise<void>((resolve, reject) => splitter.write(piece, (e) => (e ? reject(e) : resolve())));
    }
    expect(finished).toBe(true);
    const expected = Buffer.concat(ranges.map((r) => installer.subarray(r.start, r.end + 1)));
    expect(Buffer.concat(received).equals(expected)).toBe(true);
  });

  it.each([
    '/updates/.hidden.yml',
    '/updates/notes.txt',
    '/updates/nested.zip',
    '/updates/missing.exe',
    '/updates/sub/latest.yml',
    '/updates/sub%2Flatest.yml',
    '/updates/..%2Foutside.yml',
    '/updates/%2e%2e%2foutside.yml',
    '/updates/../outside.yml',
    '/updates/..',
    '/updates/',
    '/updates/latest.yml%00.exe',
  ])('answers 404 for %s and never serves what lies beside the feed', async (path) => {
    const res = await rawGet(path);
    expect(res.status).toBe(404);
    expect(res.body).not.toMatch(/CONTENT-OF-/);
  });
});

describe('parseRange', () => {
  it('ignores more ranges than a differential download ever asks for', () => {
    const many = Array.from({ length: 1001 }, (_, i) => `${i * 2}-${i * 2}`).join(',');
    expect(parseRange(`bytes=${many}`, 4000)).toBeNull();
  });

  it.each([
    [undefined, 10, null],
    ['bytes=0-0', 10, [{ start: 0, end: 0 }]],
    [
      'bytes=0-4,6-9',
      10,
      [
        { start: 0, end: 4 },
        { start: 6, end: 9 },
      ],
    ],
    ['bytes=-20', 10, [{ start: 0, end: 9 }]],
    ['bytes=8-, 20-30', 10, [{ start: 8, end: 9 }]],
    ['bytes=10-', 10, 'unsatisfiable'],
    ['bytes=-0', 10, 'unsatisfiable'],
    ['bytes=6-9,0-4', 10, null],
    ['bytes=-', 10, null],
    ['bytes=', 10, null],
  ])('%j of a %d-byte file → %j', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});
