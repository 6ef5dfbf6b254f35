import type { Prefs } from '../ports';

type Bounds = NonNullable<Prefs['windowBounds']>;

/** The hardened web preferences every Botdesk window gets; nothing here may be loosened per window. */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  } as const;
}

/**
 * Options for the main window: hardened preferences, and the bounds it had last time when they
 * still fit on a display (a monitor may have been unplugged since).
 */
export function mainWindowOptions(options: {
  preloadPath: string;
  bounds: Bounds | null;
  displays: readonly Bounds[];
}) {
  const restored = options.bounds && fitsOnADisplay(options.bounds, options.displays) ? options.bounds : null;
  return {
    width: restored?.width ?? 1280,
    height: restored?.height ?? 820,
    ...(restored ? { x: restored.x, y: restored.y } : {}),
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Botdesk',
    webPreferences: secureWebPreferences(options.preloadPath),
  };
}

/** At least a 100×100 corner of the window's top must be on some display, so it can be grabbed. */
function fitsOnADisplay(bounds: Bounds, displays: readonly Bounds[]): boolean {
  return displays.some(
    (d) =>
      bounds.x + 100 <= d.x + d.width &&
      bounds.x + bounds.width - 100 >= d.x &&
      bounds.y >= d.y &&
      bounds.y + 100 <= d.y + d.height,
  );
}
