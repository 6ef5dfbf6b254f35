/**
 * Whether an IPC message comes from the app's own page: the renderer file we loaded, or the dev server
 * origin in development. Anything else (an injected frame, a navigated page) is refused.
 */
export function isTrustedSenderUrl(senderUrl: string, app: { rendererUrl: string | null; rendererFileUrl: string }): boolean {
  let sender: URL;
  try {
    sender = new URL(senderUrl);
  } catch {
    return false;
  }
  if (app.rendererUrl) return sender.origin === new URL(app.rendererUrl).origin;
  const expected = new URL(app.rendererFileUrl);
  return sender.protocol === 'file:' && sender.pathname === expected.pathname;
}
