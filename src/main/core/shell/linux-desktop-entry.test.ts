import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linuxDesktopEntry, registerLinuxSchemeHandler } from './linux-desktop-entry';

describe('Linux scheme handler', () => {
  it('declares botdesk:// and passes the link with %u', () => {
    const entry = linuxDesktopEntry({ execPath: '/opt/Botdesk.AppImage', iconPath: '/opt/icon.png' });
    expect(entry).toContain('MimeType=x-scheme-handler/botdesk;');
    expect(entry).toContain('Exec=/opt/Botdesk.AppImage %u');
  });

  it('quotes a path with spaces and escapes characters the Exec key treats specially', () => {
    const entry = linuxDesktopEntry({ execPath: '/home/a b/100% "Bot"$desk.AppImage', iconPath: 'i' });
    expect(entry).toContain('Exec="/home/a b/100%% \\"Bot\\"\\$desk.AppImage" %u');
  });

  it('writes the entry and registers it once, and again only when the AppImage moved', () => {
    const dataHome = mkdtempSync(join(tmpdir(), 'botdesk-xdg-'));
    const commands: string[] = [];
    const run = (command: string, args: string[]) => void commands.push([command, ...args].join(' '));
    const options = { dataHome, execPath: '/opt/Botdesk.AppImage', iconPath: '/opt/icon.png', run };
    expect(registerLinuxSchemeHandler(options)).toBe(true);
    expect(registerLinuxSchemeHandler(options)).toBe(false);
    expect(registerLinuxSchemeHandler({ ...options, execPath: '/home/u/Botdesk.AppImage' })).toBe(true);
    expect(commands.filter((c) => c.startsWith('xdg-mime'))).toEqual([
      'xdg-mime default botdesk.desktop x-scheme-handler/botdesk',
      'xdg-mime default botdesk.desktop x-scheme-handler/botdesk',
    ]);
    expect(readFileSync(join(dataHome, 'applications', 'botdesk.desktop'), 'utf8')).toContain(
      '/home/u/Botdesk.AppImage',
    );
  });
});
