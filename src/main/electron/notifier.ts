import { Notification } from 'electron';
import type { Notifier } from '../core/ports';

/** Native notifications; a click brings the window forward on the notification's page. */
export function createNotifier(onClick: (route: string | null) => void): Notifier {
  return {
    show({ title, body, route }) {
      if (!Notification.isSupported()) return;
      const n = new Notification({ title, body, silent: false });
      n.on('click', () => onClick(route));
      n.show();
    },
  };
}
