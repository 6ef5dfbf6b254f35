import type { StateCreator } from 'zustand';
import type { RunProgressEvent } from '@shared/ipc-bots';
import type { AppState } from './index';

/** The last progress heard of a bot's running run (live signals only; nothing is stored). */
export type BotProgress = Pick<RunProgressEvent, 'runId' | 'progress' | 'step'>;

export type RunProgressSlice = {
  /** Keyed by bot id. A bot's badge says whether it still runs; this only says how far. */
  runProgress: Record<string, BotProgress>;
  setRunProgress(event: RunProgressEvent): void;
};

export const createRunProgressSlice: StateCreator<AppState, [], [], RunProgressSlice> = (set) => ({
  runProgress: {},
  setRunProgress: ({ botId, runId, progress, step }) =>
    set((state) => ({ runProgress: { ...state.runProgress, [botId]: { runId, progress, step } } })),
});
