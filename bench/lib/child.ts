import { fork } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { z } from 'zod';

/** What a bench child answers to, by request type: one async function per request. */
export type ChildHandlers = Record<string, (payload: never) => Promise<unknown>>;

/** The parent's view of a forked bench child (its own Node process, so its memory is its own). */
export type Child<H extends ChildHandlers> = {
  readonly pid: number;
  call<K extends keyof H & string>(type: K, payload: Parameters<H[K]>[0]): Promise<Awaited<ReturnType<H[K]>>>;
  /** SIGTERM, then waits for the exit (the child closes what it opened first). */
  stop(): Promise<void>;
};

const requestSchema = z.object({ id: z.number().int(), type: z.string(), payload: z.unknown() });
const replySchema = z.union([
  z.object({ id: z.number().int(), ok: z.literal(true), value: z.unknown() }),
  z.object({ id: z.number().int(), ok: z.literal(false), error: z.string() }),
]);

/** `BENCH_CPU_PROF_DIR=/tmp/prof`: each child writes V8 CPU profiles there (CPU.<date>.<time>.<pid>.<thread>…) when it exits (open it in Chrome DevTools). */
function profileArgs(): string[] {
  const dir = process.env['BENCH_CPU_PROF_DIR'];
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** Forks `modulePath` under tsx with an IPC channel; its output is prefixed and sent to stderr. */
export function forkChild<H extends ChildHandlers>(modulePath: string, label: string): Child<H> {
  const child = fork(modulePath, [], {
    execArgv: [...profileArgs(), '--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  prefixLines(child.stdout, label);
  prefixLines(child.stderr, label);
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      for (const p of pending.values()) p.reject(new Error(`${label} exited (${code ?? signal}) before answering`));
      pending.clear();
      resolve();
    });
  });
  child.on('message', (raw: unknown) => {
    const reply = replySchema.safeParse(raw);
    if (!reply.success) return;
    const waiter = pending.get(reply.data.id);
    pending.delete(reply.data.id);
    if (reply.data.ok) waiter?.resolve(reply.data.value);
    else waiter?.reject(new Error(`${label}: ${reply.data.error}`));
  });
  return {
    pid: child.pid ?? -1,
    call(type, payload) {
      if (exited) return Promise.reject(new Error(`${label} is not running`));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, type, payload });
      });
    },
    async stop() {
      if (!exited) child.kill('SIGTERM');
      await exit;
    },
  };
}

function prefixLines(stream: Readable | null, label: string): void {
  if (!stream) return;
  createInterface({ input: stream }).on('line', (line) => process.stderr.write(`[${label}] ${line}\n`));
}

/**
 * Child side: answers the parent's requests with `handlers`, and runs `shutdown` then exits on
 * SIGTERM or when the parent goes away (so a crashed bench never leaves a server behind).
 */
export function serveParent(handlers: ChildHandlers, shutdown: () => Promise<void>): void {
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await shutdown();
    } finally {
      process.exit(0);
    }
  };
  process.on('message', (raw: unknown) => {
    const request = requestSchema.safeParse(raw);
    if (!request.success) return;
    const { id, type, payload } = request.data;
    void answer(handlers, id, type, payload);
  });
  process.once('SIGTERM', () => void stop());
  process.once('disconnect', () => void stop());
}

async function answer(handlers: ChildHandlers, id: number, type: string, payload: unknown): Promise<void> {
  const handler = Object.hasOwn(handlers, type) ? handlers[type] : undefined;
  try {
    if (!handler) throw new Error(`unknown request ${type}`);
    const value = await (handler as (payload: unknown) => Promise<unknown>)(payload);
    process.send?.({ id, ok: true, value: value ?? null });
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.send?.({ id, ok: false, error: message });
  }
}
