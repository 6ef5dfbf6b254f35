import { describe, expect, it } from 'vitest';
import { isTrustedSenderUrl } from './trusted-sender';

const packaged = { rendererUrl: null, rendererFileUrl: 'file:///opt/Botdesk/resources/app.asar/out/renderer/index.html' };
const dev = { rendererUrl: 'http://localhost:5173', rendererFileUrl: packaged.rendererFileUrl };

describe('isTrustedSenderUrl', () => {
  it('accepts the packaged renderer page, with any route in its hash', () => {
    expect(isTrustedSenderUrl(`${packaged.rendererFileUrl}#/orgs/1/settings`, packaged)).toBe(true);
  });
  it('refuses other files and other origins in a packaged app', () => {
    expect(isTrustedSenderUrl('file:///tmp/evil.html', packaged)).toBe(false);
    expect(isTrustedSenderUrl('https://evil.example/', packaged)).toBe(false);
    expect(isTrustedSenderUrl('garbage', packaged)).toBe(false);
  });
  it('accepts only the dev server origin in development', () => {
    expect(isTrustedSenderUrl('http://localhost:5173/#/sign-in', dev)).toBe(true);
    expect(isTrustedSenderUrl('http://localhost:5174/', dev)).toBe(false);
  });
});
