import { hostname } from 'node:os';
import { z } from 'zod';
import { claimedRunSchema, runSchema, runnerSchema } from '@shared/schemas/automation';
import type { BotStep, ClaimedRun, RunnerReportBody } from '@shared/schemas/automation';
import { idSchema } from '@shared/schemas/common';
import { RunnerRefusal, runnerClient, sleep } from './runner-client';
import type { RunnerRequest } from './runner-client';

/** How the reference runner is started (the CLI's flags, or a test's choice). */
export type RunnerOptions = {
  server: string;
  key: string;
  /** Identifies this runner process to the server; stable across restarts by default. */
  runnerId?: string;
  heartbeatMs?: number;
  /** Pause between claims when nothing was queued. */
  pollMs?: number;
  /** First retry delay when the server cannot answer (doubles up to 30 s). */
  retryBaseMs?: number;
  log?: (line: string) => void;
};

export type RunningRunner = {
  runnerId: string;
  /** Stops heartbeats and claims; a run in progress is abandoned (its lease runs out on the server). */
  stop(): Promise<void>;
};

const heartbeatAnswer = z.object({ runner: runnerSchema, botIds: z.array(idSchema) });
const claimAnswer = z.object({ runs: z.array(claimedRunSchema) });

/**
 * The reference runner: heartbeats every ~15 s declaring every bot of its org (the heartbeat answers
 * them), claims queued runs one at a time, and performs each as its bot's scripted steps — waiting
 * each step's duration, reporting progress after each, failing at a `fail` step with its error.
 * What it reports is what happened; the server measures time and computes credits.
 */
export function startRunner(options: RunnerOptions): RunningRunner {
  const runnerId = options.runnerId ?? `runner-${hostname()}`;
  const log = options.log ?? (() => undefined);
  const stopping = new AbortController();
  const request = runnerClient({
    server: options.server,
    key: options.key,
    baseDelayMs: options.retryBaseMs ?? 500,
    signal: stopping.signal,
    log,
  });
  let botIds: string[] = [];

  const beat = async (): Promise<void> => {
    for (;;) {
      const answer = await request('POST', '/v1/runner/heartbeat', { runnerId, botIds }, heartbeatAnswer);
      const declared = [...answer.runner.botIds].sort().join();
      botIds = [...answer.botIds].sort();
      // Bots were added or removed: declare the new set at once rather than a heartbeat later.
      if (declared === botIds.join()) return;
    }
  };

  const heartbeats = async () => {
    while (!stopping.signal.aborted) {
      await beat();
      await sleep(options.heartbeatMs ?? 15_000, stopping.signal);
    }
  };

  const work = async () => {
    while (!stopping.signal.aborted) {
      const claimed = botIds.length
        ? await request('POST', '/v1/runner/claim', { runnerId, botIds, limit: 1 }, claimAnswer)
        : { runs: [] };
      for (const run of claimed.runs) await perform(request, runnerId, run, log, stopping.signal);
      if (claimed.runs.length === 0) await sleep(options.pollMs ?? 1_000, stopping.signal);
    }
  };

  const settle = (loop: () => Promise<void>) =>
    loop().catch((error: unknown) => {
      if (!stopping.signal.aborted) log(`runner stopped: ${(error as Error).message}`);
    });
  const loops = [
    settle(heartbeats),
    settle(async () => {
      await sleep(0, stopping.signal);
      await work();
    }),
  ];
  log(`runner ${runnerId} serving ${options.server}`);
  return {
    runnerId,
    async stop() {
      stopping.abort(new Error('stopping'));
      await Promise.all(loops);
    },
  };
}

/** Performs one claimed run step by step; a refused report (cancelled, taken over) abandons it. */
async function perform(
  request: RunnerRequest,
  runnerId: string,
  claimed: ClaimedRun,
  log: (line: string) => void,
  signal: AbortSignal,
): Promise<void> {
  const runId = claimed.run.id;
  const send = (body: RunnerReportBody) =>
    request('PATCH', `/v1/runner/runs/${runId}`, { ...body, runnerId }, runSchema);
  try {
    const steps = claimed.steps;
    await send({ status: 'running', progress: 0, ...(steps[0] ? { step: steps[0].name } : {}) });
    const data: Record<string, unknown> = {};
    const lines: string[] = [];
    for (const [i, step] of steps.entries()) {
      await sleep(step.durationMs, signal);
      if (step.outcome === 'fail') {
        lines.push(`${step.name}: failed`);
        await send({ status: 'failed', error: failureOf(step), log: excerpt(lines), data });
        log(`run ${runId} failed at ${step.name}`);
        return;
      }
      Object.assign(data, step.data ?? {});
      lines.push(`${step.name}: ok`);
      const next = steps[i + 1];
      await send({
        status: 'running',
        progress: Math.round(((i + 1) / steps.length) * 100),
        ...(next ? { step: next.name } : {}),
      });
    }
    await send({ status: 'succeeded', log: excerpt(lines), data });
    log(`run ${runId} succeeded`);
  } catch (error) {
    // Refused for this run (cancelled, taken over, an invalid report): give it up and serve the next.
    // A key that stopped working ends the runner.
    if (error instanceof RunnerRefusal && error.status !== 401 && error.status !== 403) {
      log(`run ${runId} abandoned: ${error.message}`);
      return;
    }
    throw error;
  }
}

const failureOf = (step: BotStep) => step.error ?? `Step "${step.name}" failed`;
const excerpt = (lines: string[]) => lines.join('\n').slice(-8_000);
