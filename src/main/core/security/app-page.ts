/** The custom protocol the packaged User Center is served from (never file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'botdesk';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Where the User Center page lives: the app protocol when packaged, the dev server in development. */
export type AppPage = { protocol: string; host: string; entryUrl: string };

export function appPage(devServerUrl: string | null): AppPage {
  if (!devServerUrl) return { protocol: `${APP_SCHEME}:`, host: APP_HOST, entryUrl: APP_ENTRY_URL };
  const dev = new URL(devServerUrl);
  return { protocol: dev.protocol, host: dev.host, entryUrl: dev.href };
}

/**
 * Whether a URL is the app's own page (any path or hash route on it). Compared by protocol and host:
 * URL.origin is "null" for custom schemes, so it cannot tell two of them apart.
 */
export function isAppPageUrl(raw: string, page: AppPage): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === page.protocol && url.host === page.host && url.username === '' && url.password === '';
}

/** Whether an IPC message may be answered: it must come from the app page's top frame. */
export function isTrustedSender(sender: { url: string; isMainFrame: boolean } | null, page: AppPage): boolean {
  return sender !== null && sender.isMainFrame && isAppPageUrl(sender.url, page);
}

/** The only permission a page may be granted is showing notifications. */
export function isAllowedPermission(permission: string): boolean {
  return permission === 'notifications';
}
