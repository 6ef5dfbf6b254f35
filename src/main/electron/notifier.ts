import { Notification } from 'electron';
import type { Notifier } from '../core/ports';

/** Native notifications; a click brings the window forward on the notification's page. */
export function createNotifier(onClick: (route: string | null) => void): Notifier {
  // Held until clicked or closed: a notification garbage-collected while shown loses its click handler.
  const shown = new Set<Notification>();
  return {
    show({ title, body, route }) {
      if (!Notification.isSupported()) return;
      const n = new Notification({ title, body, silent: false });
      shown.add(n);
      n.on('click', () => {
        shown.delete(n);
        onClick(route);
      });
      n.on('close', () => shown.delete(n));
      n.show();
    },
  };
}
