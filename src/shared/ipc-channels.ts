/** The two Electron IPC channels the preload and main use; method and event names travel inside. */
export const INVOKE_CHANNEL = 'botdesk:invoke';
export const EVENT_CHANNEL = 'botdesk:event';
