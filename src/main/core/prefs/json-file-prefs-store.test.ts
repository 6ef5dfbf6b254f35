import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonFilePrefsStore } from './json-file-prefs-store';

const userId = '0196b4a0-0000-7000-8000-000000000001';
const orgId = '0196b4a0-0000-7000-8000-0000000000aa';

describe('JsonFilePrefsStore', () => {
  it('remembers preferences across restarts', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'botdesk-prefs-')), 'nested', 'preferences.json');
    const prefs = new JsonFilePrefsStore(path);
    prefs.set('lastUserId', userId);
    prefs.set('lastActiveOrgByUser', { [userId]: orgId });

    const again = new JsonFilePrefsStore(path);

    expect(again.get('lastUserId')).toBe(userId);
    expect(again.get('lastActiveOrgByUser')).toEqual({ [userId]: orgId });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ lastUserId: userId });
  });

  it('keeps the valid fields of a damaged file and defaults the rest', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'botdesk-prefs-')), 'preferences.json');
    writeFileSync(path, JSON.stringify({ lastUserId: 'not-a-uuid', lastServerUrl: 'http://127.0.0.1:8787' }));

    const prefs = new JsonFilePrefsStore(path);

    expect(prefs.get('lastUserId')).toBeNull();
    expect(prefs.get('lastServerUrl')).toBe('http://127.0.0.1:8787');
  });

  it('starts from defaults when the file is not JSON', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'botdesk-prefs-')), 'preferences.json');
    writeFileSync(path, '{ half a file');

    expect(new JsonFilePrefsStore(path).get('lastActiveOrgByUser')).toEqual({});
  });

  it('refuses to store a value that does not fit the schema', () => {
    const prefs = new JsonFilePrefsStore(join(mkdtempSync(join(tmpdir(), 'botdesk-prefs-')), 'p.json'));

    expect(() => prefs.set('lastUserId', '../../etc')).toThrow();
  });
});
