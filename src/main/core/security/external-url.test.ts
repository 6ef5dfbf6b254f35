import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from './external-url';

describe('isAllowedExternalUrl', () => {
  it.each(['https://botdesk.example/docs', 'mailto:support@botdesk.example'])('opens %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });
  it.each([
    'http://botdesk.example',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'botdesk://accept-invite/x',
    'https://user:pass@evil.example',
    'smb://host/share',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});
