import type { Database } from '../../db/client';
import { Invalidations } from '../../db/invalidations';
import type { RunRow } from '../../db/schema';

/** NOTIFY channel of changes to runs a progress report answers; payload: the run id (see 0015_run_changes.sql). */
export const runChangesChannel = 'botdesk_runs';
/** Beyond this many cached runs the cache starts over (each run is then read again once). */
const maxEntries = 50_000;

type Entry = { row: RunRow; holders: Set<string> };

/**
 * Running runs in process memory, for the progress fast path (run-progress.ts): the run as the
 * database last answered it to this process, and the runner keys it was found held by. An entry is
 * used only while this process listens on runChangesChannel and after a notification barrier (the
 * caller's, see api-key-auth.ts `passedBarrier`), so a run cancelled, finished or taken over by any
 * process is never answered from memory after that change committed. A read answered after its
 * run was invalidated is not kept (see Invalidations).
 */
export class RunCache {
  readonly #entries = new Map<string, Entry>();
  readonly #invalidations = new Invalidations(maxEntries);

  constructor(private readonly database: Database) {}

  /** The invalidation count to pass to `store` for a read that begins now. */
  get generation(): number {
    return this.#invalidations.generation;
  }

  /** Starts hearing run changes; resolves to the function that stops (and empties the cache). */
  listen(): Promise<() => Promise<void>> {
    return this.#invalidations.listen(this.database, runChangesChannel, {
      onForget: (runId) => this.#entries.delete(runId),
      onClear: () => this.#entries.clear(),
    });
  }

  /** Whether the run may be in memory: only then is a barrier worth waiting for. */
  mayHave(runId: string): boolean {
    return this.#invalidations.listening && this.#entries.has(runId);
  }

  /**
   * The cached run of the org, held by the naming runner (when one is named: no holder yet, or the
   * runner it was found held by), or null. The caller has passed a barrier since its request arrived.
   */
  held(orgId: string, runId: string, runnerKey: string | undefined): RunRow | null {
    if (!this.#invalidations.listening) return null;
    const entry = this.#entries.get(runId);
    if (!entry || entry.row.orgId !== orgId || entry.row.status !== 'running') return null;
    if (runnerKey && entry.row.runnerId !== null && !entry.holders.has(runnerKey)) return null;
    return entry.row;
  }

  /** Keeps the run as a read started at `generation` answered it, held by `runnerKey` when named. */
  store(row: RunRow, runnerKey: string | undefined, generation: number): void {
    if (row.status !== 'running' || !this.#invalidations.fresh(row.id, generation)) return;
    if (this.#entries.size >= maxEntries && !this.#entries.has(row.id)) this.#entries.clear();
    const entry = this.#entries.get(row.id);
    const holders = entry && entry.row.runnerId === row.runnerId ? entry.holders : new Set<string>();
    if (runnerKey) holders.add(runnerKey);
    this.#entries.set(row.id, { row, holders });
  }
}
