import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { app } from 'electron';
import { registerLinuxSchemeHandler } from '../core/shell/linux-desktop-entry';

/**
 * Makes this app the `botdesk://` handler. On Windows the arguments end with `--`, so a crafted
 * link can never be read as a Chromium switch; AppImages (which no installer registers) write
 * their own .desktop entry.
 */
export function registerProtocolClient(iconPath: string): void {
  if (process.platform === 'win32') {
    const args = process.defaultApp ? [join(process.cwd(), process.argv[1] ?? '.'), '--'] : ['--'];
    app.setAsDefaultProtocolClient('botdesk', process.execPath, args);
    return;
  }
  if (process.platform === 'linux' && process.env.APPIMAGE) {
    registerLinuxSchemeHandler({
      dataHome: process.env.XDG_DATA_HOME || join(app.getPath('home'), '.local', 'share'),
      execPath: process.env.APPIMAGE,
      iconPath,
      run: (command, args) => execFile(command, args, () => undefined),
    });
    return;
  }
  if (!process.defaultApp) app.setAsDefaultProtocolClient('botdesk');
}
