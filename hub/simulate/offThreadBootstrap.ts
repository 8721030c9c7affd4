import { Worker } from 'node:worker_threads';
import { z } from 'zod';

/** What a bootstrap request needs: the endpoint and the till's headers (its bearer token among them). */
export interface BootstrapRequest {
  url: string;
  headers: Record<string, string>;
}

const ResultsSchema = z.array(z.object({
  rows: z.number().int().nonnegative(),
  complete: z.boolean(),
  ms: z.number().nonnegative(),
  error: z.object({ kind: z.string(), status: z.number().int().nullable() }).nullable(),
}));

export type OffThreadBootstrapResult = z.infer<typeof ResultsSchema>[number];

/**
 * Bootstraps `tills` concurrently in one worker thread (bootstrapWorker.mjs), page by page until each is complete or
 * `until` (epoch ms) passes; answers each till's rows, completion, time and error. The main thread stays free to time
 * the fleet's polls.
 */
export function bootstrapOffThread(tills: readonly BootstrapRequest[], pageSize: number, until: number): Promise<OffThreadBootstrapResult[]> {
  if (tills.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./bootstrapWorker.mjs', import.meta.url), { workerData: { tills, pageSize, until } });
    worker.once('message', (message: unknown) => {
      const parsed = ResultsSchema.safeParse(message);
      if (parsed.success) resolve(parsed.data);
      else reject(new Error('the bootstrap worker answered something else'));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the bootstrap worker exited with ${code}`));
    });
  });
}
