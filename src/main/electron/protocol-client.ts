import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { app } from 'electron';
import { registerLinuxSchemeHandler } from '../core/shell/linux-desktop-entry';

/**
 * Makes this app the `botdesk://` handler. On Windows the arguments end with `--`, so a crafted
 * link can never be read as a Chromium switch; AppImages (which no installer registers) write
 * their own .desktop entry.
 */
export function registerProtocolClient(options: {
  iconPath: string;
  appImage: string | null;
  dataHome: string | null;
}): void {
  if (process.platform === 'win32') {
    const args = process.defaultApp ? [join(process.cwd(), process.argv[1] ?? '.'), '--'] : ['--'];
    app.setAsDefaultProtocolClient('botdesk', process.execPath, args);
    return;
  }
  if (process.platform === 'linux' && options.appImage) {
    registerLinuxSchemeHandler({
      dataHome: options.dataHome ?? join(app.getPath('home'), '.local', 'share'),
      execPath: options.appImage,
      iconPath: options.iconPath,
      run: (command, args) => execFile(command, args, () => undefined),
    });
    return;
  }
  if (!process.defaultApp) app.setAsDefaultProtocolClient('botdesk');
}
