import { join } from 'node:path';
import { Menu, Tray, nativeImage } from 'electron';
import type { TrayItem, TrayModel, TrayView } from '../core/ports';

type TrayActions = Record<Extract<TrayItem, { kind: 'action' }>['id'], () => void> & {
  /** An org's credit line was chosen: open its Usage page. */
  openOrg(orgId: string): void;
};

/** Renders the core's tray model with Electron's Tray; Linux shows only the context menu. */
export function createTray(resourcesDir: string, actions: TrayActions): TrayView & { destroy(): void } {
  const icon = (warning: boolean) =>
    nativeImage.createFromPath(join(resourcesDir, warning ? 'tray-warning.png' : 'tray.png'));
  const tray = new Tray(icon(false));
  tray.on('click', actions.open);
  let warning = false;
  return {
    render(model: TrayModel) {
      if (model.warning !== warning) tray.setImage(icon(model.warning));
      warning = model.warning;
      tray.setToolTip(model.tooltip);
      tray.setContextMenu(Menu.buildFromTemplate(model.items.map((item) => menuItem(item, actions))));
    },
    destroy: () => tray.destroy(),
  };
}

function menuItem(item: TrayItem, actions: TrayActions): Electron.MenuItemConstructorOptions {
  if (item.kind === 'separator') return { type: 'separator' };
  if (item.kind === 'info') return { label: item.label, enabled: false };
  if (item.kind === 'org') return { label: item.label, click: () => actions.openOrg(item.orgId) };
  return { label: item.label, click: actions[item.id] };
}
