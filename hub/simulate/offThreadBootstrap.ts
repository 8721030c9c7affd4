import { Worker } from 'node:worker_threads';
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

export type OffThreadBootstrapResult = z.infer<typeof ResultsSchema>['results'][number];

/** Bootstrappers waiting in their worker thread: `run` starts them, once. */
export interface OffThreadBootstrap {
  /** Whether a worker runs, at the lowest scheduling priority (Linux); false with no tills to bootstrap. */
  lowPriority: boolean;
  /** Bootstraps every till concurrently, page by page until each is complete or `until` (epoch ms) passes. */
  run(until: number): Promise<OffThreadBootstrapResult[]>;
}

/**
 * Starts the worker thread (bootstrapWorker.mjs) for `tills` and resolves once it is loaded and waiting, so that its
 * start-up falls outside the window the polls are timed in. The main thread stays free to time the fleet's polls.
 */
export async function startOffThreadBootstrap(tills: readonly BootstrapRequest[], pageSize: number): Promise<OffThreadBootstrap> {
  if (tills.length === 0) return { lowPriority: false, run: async () => [] };
  const worker = new Worker(new URL('./bootstrapWorker.mjs', import.meta.url), { workerData: { tills, pageSize } });
  const exited = new Promise<never>((_, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the bootstrap worker exited with ${code} before it answered`)));
  });
  exited.catch(() => undefined);
  const next = <T>(schema: z.ZodType<T>): Promise<T> => Promise.race([exited, new Promise<T>((resolve, reject) => {
    worker.once('message', (message: unknown) => {
      const parsed = schema.safeParse(message);
      if (parsed.success) resolve(parsed.data);
      else reject(new Error('the bootstrap worker answered something else'));
    });
  })]);
  let ready: z.infer<typeof ReadySchema>;
  try {
    ready = await next(ReadySchema);
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  return {
    lowPriority: ready.lowPriority,
    run: async (until) => {
      worker.postMessage({ until });
      try {
        return (await next(ResultsSchema)).results;
      } finally {
        await worker.terminate();
      }
    },
  };
}
