import { readFileSync } from 'node:fs';

/** Resident memory of a process in MB: now (VmRSS) and its peak so far (VmHWM), from /proc. */
export type Rss = { rssMb: number; peakMb: number };

export function readRss(pid: number | 'self'): Rss {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** Samples a process's RSS every `everyMs` and keeps the highest value seen per named phase. */
export class RssSampler {
  readonly #pid: number;
  readonly #peaks = new Map<string, number>();
  #phase: string | null = null;
  #timer: NodeJS.Timeout | null = null;

  constructor(pid: number, everyMs = 100) {
    this.#pid = pid;
    this.#timer = setInterval(() => this.sample(), everyMs);
    this.#timer.unref();
  }

  /** Starts attributing samples to `phase` (null: stop attributing). */
  phase(phase: string | null): void {
    this.sample();
    this.#phase = phase;
    this.sample();
  }

  sample(): void {
    if (this.#phase === null) return;
    try {
      const { rssMb } = readRss(this.#pid);
      this.#peaks.set(this.#phase, Math.max(this.#peaks.get(this.#phase) ?? 0, rssMb));
    } catch {
      // The process has exited; its last samples stand.
    }
  }

  peak(phase: string): number | null {
    return this.#peaks.get(phase) ?? null;
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
