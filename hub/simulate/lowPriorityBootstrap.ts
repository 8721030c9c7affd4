import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** What a bootstrap request needs: the endpoint and the till's headers (its bearer token among them). */
export interface BootstrapRequest {
  url: string;
  headers: Record<string, string>;
}

const ReadySchema = z.object({ ready: z.literal(true), lowPriority: z.boolean() });

const ResultsSchema = z.object({
  results: z.array(z.object({
    rows: z.number().int().nonnegative(),
    complete: z.boolean(),
    ms: z.number().nonnegative(),
    error: z.object({ kind: z.string(), status: z.number().int().nullable() }).nullable(),
  })),
});

export type BootstrapResult = z.infer<typeof ResultsSchema>['results'][number];

/** Bootstrappers waiting in their own process: `run` starts them, once. */
export interface LowPriorityBootstrap {
  /** Whether their process runs at the lowest scheduling priority (nice 19); false with no tills to bootstrap. */
  lowPriority: boolean;
  /** Bootstraps every till concurrently, page by page until each is complete or `until` (epoch ms) passes. */
  run(until: number): Promise<BootstrapResult[]>;
}

const SCRIPT = fileURLToPath(new URL('./bootstrapProcess.mjs', import.meta.url));
/** How long the process may take to load before the simulator gives up on it. */
const READY_WITHIN_MS = 30_000;

/**
 * `nice -n 19 node bootstrapProcess.mjs`: every thread of it (the JavaScript thread, and V8's garbage collection and
 * libuv's threads, which a worker thread would share with the simulator at its priority) takes only the CPU that
 * the hub, its database and the simulator's clock leave. Where `nice` is missing, plain `node`, and it says so.
 */
function spawnBootstrapProcess(): Promise<ChildProcess> {
  const options = { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] as const, env: process.env };
  return new Promise((resolve) => {
    const niced = spawn('nice', ['-n', '19', process.execPath, SCRIPT], { ...options, stdio: [...options.stdio] });
    niced.once('spawn', () => resolve(niced));
    niced.once('error', () => resolve(spawn(process.execPath, [SCRIPT], { ...options, stdio: [...options.stdio] })));
  });
}

/**
 * Starts the bootstrappers' process (bootstrapProcess.mjs) and resolves once it is loaded and waiting, so that its
 * start-up falls outside the window the polls are timed in. The simulator's thread stays free to time the polls.
 */
export async function startLowPriorityBootstrap(tills: readonly BootstrapRequest[], pageSize: number): Promise<LowPriorityBootstrap> {
  if (tills.length === 0) return { lowPriority: false, run: async () => [] };
  const child = await spawnBootstrapProcess();
  const exited = new Promise<never>((_, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`the bootstrap process ended (${signal ?? code}) before it answered`)));
  });
  exited.catch(() => undefined);
  /** The child's next message, parsed by `schema`; fails when the child ends first or `withinMs` passes. */
  const next = <T>(schema: z.ZodType<T>, withinMs: number): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onMessage: ((message: unknown) => void) | undefined;
    const answered = new Promise<T>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error('the bootstrap process did not answer in time')), withinMs);
      onMessage = (message: unknown) => {
        const parsed = schema.safeParse(message);
        if (parsed.success) resolve(parsed.data);
        else reject(new Error('the bootstrap process answered something else'));
      };
      child.once('message', onMessage);
    });
    return Promise.race([exited, answered]).finally(() => {
      clearTimeout(timer);
      if (onMessage) child.off('message', onMessage);
    });
  };
  const stop = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  let ready: z.infer<typeof ReadySchema>;
  try {
    ready = await next(ReadySchema, READY_WITHIN_MS);
  } catch (error) {
    stop();
    throw error;
  }
  return {
    lowPriority: ready.lowPriority,
    run: async (until) => {
      child.send({ tills, pageSize, until });
      try {
        // Each page has its own 30 s timeout in the process; the run ends at `until`, and a page started then may
        // finish. A process at nice 19 may wait its turn for a while after that: two minutes more at most.
        return (await next(ResultsSchema, Math.max(0, until - Date.now()) + 120_000)).results;
      } finally {
        stop();
      }
    },
  };
}
