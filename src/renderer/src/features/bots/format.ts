import type { BotStatus, RunStatus } from '@shared/schemas/automation';

export const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const percentFormat = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });

/** How a status reads and looks: a distinct color and icon, and always the word itself. */
export const botStatusMeta = {
  idle: { label: 'Idle', color: 'teal', hint: 'Ready: a runner serves it and nothing is queued' },
  queued: { label: 'Queued', color: 'indigo', hint: 'A run is waiting for a runner' },
  running: { label: 'Running', color: 'blue', hint: 'A run is in progress' },
  offline: { label: 'Offline', color: 'gray', hint: 'No online runner serves this bot' },
  error: { label: 'Error', color: 'red', hint: 'Its last run failed' },
  disabled: { label: 'Disabled', color: 'orange', hint: 'Turned off: no new runs start' },
} as const satisfies Record<BotStatus, { label: string; color: string; hint: string }>;

export const runStatusMeta = {
  queued: { label: 'Queued', color: 'indigo' },
  running: { label: 'Running', color: 'blue' },
  succeeded: { label: 'Succeeded', color: 'teal' },
  failed: { label: 'Failed', color: 'red' },
  cancelled: { label: 'Cancelled', color: 'gray' },
} as const satisfies Record<RunStatus, { label: string; color: string }>;

export function formatCredits(credits: number): string {
  return `${numberFormat.format(credits)} ${credits === 1 ? 'credit' : 'credits'}`;
}

export function formatRate(rate: number | null): string {
  return rate === null ? '—' : percentFormat.format(rate);
}

/** "850 ms", "12 s", "3 min 5 s", "1 h 2 min". */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
}

/** The pricing of a bot in words: "2 credits a run + 0.5 a minute". */
export function formatPricing(bot: { creditsPerRun: number; creditsPerMinute: number }): string {
  const perRun = `${numberFormat.format(bot.creditsPerRun)} ${bot.creditsPerRun === 1 ? 'credit' : 'credits'} a run`;
  if (bot.creditsPerMinute === 0) return perRun;
  return `${perRun} + ${numberFormat.format(bot.creditsPerMinute)} a minute`;
}
