import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEnv } from './env';

const dirs: string[] = [];
async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'botdesk-env-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('loadEnv', () => {
  it('applies the documented defaults', async () => {
    const env = loadEnv({ BOTDESK_DATA_DIR: await dataDir() });
    expect(env).toMatchObject({
      PORT: 8787,
      DATABASE_URL: undefined,
      SMTP_URL: undefined,
      LOG_LEVEL: 'info',
      NODE_ENV: 'development',
    });
    expect(env.PUBLIC_URL).toBe('http://localhost:8787');
  });

  it('generates an auth secret once and keeps it in the data folder outside production', async () => {
    const dir = await dataDir();
    const first = loadEnv({ BOTDESK_DATA_DIR: dir });
    const second = loadEnv({ BOTDESK_DATA_DIR: dir });
    expect(first.BOTDESK_AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(second.BOTDESK_AUTH_SECRET).toBe(first.BOTDESK_AUTH_SECRET);
    expect((await readFile(join(dir, 'auth-secret'), 'utf8')).trim()).toBe(first.BOTDESK_AUTH_SECRET);
  });

  it('requires BOTDESK_AUTH_SECRET in production', async () => {
    const dir = await dataDir();
    expect(() => loadEnv({ NODE_ENV: 'production', BOTDESK_DATA_DIR: dir })).toThrow(/BOTDESK_AUTH_SECRET/);
  });

  it('names the setting that is wrong', async () => {
    const base = { BOTDESK_DATA_DIR: await dataDir() };
    expect(() => loadEnv({ ...base, PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadEnv({ ...base, DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadEnv({ ...base, SMTP_URL: 'http://mail' })).toThrow(/SMTP_URL/);
  });

  it('treats empty values as unset', async () => {
    const env = loadEnv({ BOTDESK_DATA_DIR: await dataDir(), DATABASE_URL: '', PORT: '' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PORT).toBe(8787);
  });
});
