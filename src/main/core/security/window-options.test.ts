import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from './window-options';

const display = { x: 0, y: 0, width: 1920, height: 1080 };

describe('main window options', () => {
  it('isolate the page: sandbox, context isolation, no Node, no webview, web security on', () => {
    const { webPreferences } = mainWindowOptions({
      preloadPath: '/app/out/preload/index.cjs',
      bounds: null,
      displays: [display],
    });
    expect(webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
  });

  it('reopen where the window was, when that place is still on a display', () => {
    const bounds = { x: 200, y: 100, width: 1400, height: 900 };
    expect(mainWindowOptions({ preloadPath: 'p', bounds, displays: [display] })).toMatchObject(bounds);
  });

  it('fall back to a centred default when the old display is gone', () => {
    const offscreen = { x: 2400, y: 100, width: 1400, height: 900 };
    const options = mainWindowOptions({ preloadPath: 'p', bounds: offscreen, displays: [display] });
    expect(options).toMatchObject({ width: 1280, height: 820 });
    expect(options).not.toHaveProperty('x');
  });
});
