import type { Notifier, TrayModel, TrayView } from '../ports';

export type RecordedNotification = { title: string; body: string; route: string | null; at: string };

/**
 * The Notifier and TrayView ports for hosts without a desktop shell (the development bridge, tests):
 * keeps what Electron would show, so a person or a test can see it.
 */
export type ShellRecorder = {
  notifier: Notifier;
  tray: TrayView;
  readonly notifications: readonly RecordedNotification[];
  /** The tray as last rendered; null before the first render. */
  readonly trayModel: TrayModel | null;
  /** Hears each notification as it is shown. */
  onNotification(listener: (n: RecordedNotification) => void): () => void;
};

/** Notifications kept, oldest dropped first. */
const keep = 200;

export function createShellRecorder(): ShellRecorder {
  const notifications: RecordedNotification[] = [];
  const listeners = new Set<(n: RecordedNotification) => void>();
  let trayModel: TrayModel | null = null;
  return {
    notifier: {
      show(n) {
        const recorded = { ...n, at: new Date().toISOString() };
        notifications.push(recorded);
        if (notifications.length > keep) notifications.shift();
        for (const listener of listeners) listener(recorded);
      },
    },
    tray: {
      render(model) {
        trayModel = model;
      },
    },
    get notifications() {
      return notifications;
    },
    get trayModel() {
      return trayModel;
    },
    onNotification(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
