import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DESKTOP_FILE_NAME = 'botdesk.desktop';

/** Quotes one Exec argument as the Desktop Entry spec wants (and escapes `%`, which is a field code there). */
function quoteExecArg(arg: string): string {
  const escaped = arg.replace(/%/g, '%%');
  if (!/[\s"'\\><~|&;$*?#()`]/.test(escaped)) return escaped;
  return `"${escaped.replace(/(["`$\\])/g, '\\$1')}"`;
}

/**
 * The .desktop entry that makes this executable the `botdesk://` handler on Linux; `%u` hands one
 * link over as an argument after the app's own.
 */
export function linuxDesktopEntry(options: { execPath: string; iconPath: string }): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Botdesk',
    'Comment=Console for teams that run RPA bots',
    `Exec=${quoteExecArg(options.execPath)} %u`,
    `Icon=${options.iconPath.replace(/[\r\n]/g, '')}`,
    'Terminal=false',
    'Categories=Development;',
    'MimeType=x-scheme-handler/botdesk;',
    'StartupWMClass=Botdesk',
    '',
  ].join('\n');
}

/**
 * Writes the entry to the user's applications folder and makes it the scheme's default handler.
 * For AppImages, which no installer registers; returns false when the entry was already current.
 */
export function registerLinuxSchemeHandler(options: {
  dataHome: string;
  execPath: string;
  iconPath: string;
  run: (command: string, args: string[]) => void;
}): boolean {
  const dir = join(options.dataHome, 'applications');
  const file = join(dir, DESKTOP_FILE_NAME);
  const entry = linuxDesktopEntry(options);
  if (readOrNull(file) === entry) return false;
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, entry, { mode: 0o644 });
  options.run('xdg-mime', ['default', DESKTOP_FILE_NAME, 'x-scheme-handler/botdesk']);
  options.run('update-desktop-database', [dir]);
  return true;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
