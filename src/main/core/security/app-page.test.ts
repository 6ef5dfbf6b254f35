import { describe, expect, it } from 'vitest';
import { appPage, isAllowedPermission, isAppPageUrl, isTrustedSender } from './app-page';

const packaged = appPage(null);
const dev = appPage('http://localhost:5173');

describe('the app page', () => {
  it('is served from app://botdesk when packaged, never from a file', () => {
    expect(packaged.entryUrl).toBe('app://botdesk/index.html');
    expect(isAppPageUrl('app://botdesk/index.html#/orgs/1/settings', packaged)).toBe(true);
    expect(isAppPageUrl('file:///opt/Botdesk/resources/app.asar/out/renderer/index.html', packaged)).toBe(false);
  });

  it('refuses look-alike hosts, other schemes and credentials', () => {
    for (const url of [
      'app://botdesk.evil/index.html',
      'app://evil/',
      'apps://botdesk/',
      'https://botdesk/',
      'app://user@botdesk/',
      'garbage',
      '',
    ]) {
      expect(isAppPageUrl(url, packaged), url).toBe(false);
    }
  });

  it('accepts only the dev server origin in development', () => {
    expect(isAppPageUrl('http://localhost:5173/#/sign-in', dev)).toBe(true);
    expect(isAppPageUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppPageUrl('app://botdesk/index.html', dev)).toBe(false);
  });
});

describe('IPC senders', () => {
  it('answers only the app page in its top frame', () => {
    expect(isTrustedSender({ url: 'app://botdesk/index.html#/', isMainFrame: true }, packaged)).toBe(true);
    expect(isTrustedSender({ url: 'app://botdesk/index.html#/', isMainFrame: false }, packaged)).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', isMainFrame: true }, packaged)).toBe(false);
    expect(isTrustedSender(null, packaged)).toBe(false);
  });
});

describe('permission requests', () => {
  it('grant notifications and nothing else', () => {
    expect(isAllowedPermission('notifications')).toBe(true);
    for (const p of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'pointerLock', 'midi']) {
      expect(isAllowedPermission(p), p).toBe(false);
    }
  });
});
