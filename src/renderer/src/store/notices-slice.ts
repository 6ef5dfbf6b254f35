import { notifications } from '@mantine/notifications';
import type { StateCreator } from 'zustand';
import type { Notice } from '@shared/ipc';
import type { AppState } from './index';

export type NoticesSlice = {
  /** Recent notices, newest first, so a person who missed a toast can still read it. */
  notices: Notice[];
  showNotice(notice: Notice): void;
};

const colors = { info: 'blue', warning: 'yellow', error: 'red' } as const;
const keep = 20;

export const createNoticesSlice: StateCreator<AppState, [], [], NoticesSlice> = (set) => ({
  notices: [],
  showNotice: (notice) => {
    set((state) => ({ notices: [notice, ...state.notices].slice(0, keep) }));
    notifications.show({
      title: notice.title,
      message: notice.message,
      color: colors[notice.level],
      // Errors stay longer (and while hovered) but never pile up over the page's own buttons.
      autoClose: notice.level === 'error' ? 12_000 : 6000,
    });
  },
});
