import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type { Logger } from 'pino';

export interface OffThreadOptions {
  /** Page cache of the worker's connection while it sorts, KiB. */
  sortCacheKiB: number;
  /** SQLite sorter threads. */
  threads: number;
  logger?: Logger;
}

type WorkerMessage = { index: number; ok: boolean; code: string | null } | { finished: true };

/**
 * Runs DDL statements (index builds, ANALYZE) in order on a second connection in a worker thread; answers, per
 * statement, whether it ran. The calling connection stays free meanwhile: in WAL mode its reads never wait for the
 * worker's writes (its own writes wait, up to its busy_timeout, as for any other writer).
 * A statement the worker could not run answers false, and so does every statement when no worker can run (an
 * in-memory database, a bundle without indexBuildWorker.mjs): the caller runs those itself. Never rejects.
 */
export function runStatementsOffThread(db: Database, statements: readonly string[], options: OffThreadOptions): Promise<boolean[]> {
  const ran = statements.map(() => false);
  if (db.memory || statements.length === 0) return Promise.resolve(ran);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (): void => {
      if (settled) return;
      settled = true;
      resolve(ran);
    };
    const unavailable = (error: unknown): void => {
      // About the worker (a missing file, an exit code), never about a member.
      options.logger?.warn({ err: error instanceof Error ? error.message : String(error) }, 'index build worker unavailable; building on the main thread');
      settle();
    };
    let worker: Worker;
    try {
      worker = new Worker(new URL('./indexBuildWorker.mjs', import.meta.url), {
        workerData: {
          role: 'tillid-index-build',
          file: path.resolve(db.name),
          statements: [...statements],
          busyTimeoutMs: db.pragma('busy_timeout', { simple: true }) as number,
          sortCacheKiB: options.sortCacheKiB,
          threads: options.threads,
        },
      });
    } catch (error) {
      unavailable(error);
      return;
    }
    worker.on('message', (message: WorkerMessage) => {
      if ('finished' in message) {
        settle();
      } else if (message.ok) {
        ran[message.index] = true;
      } else if (message.code !== 'SQLITE_CONSTRAINT_UNIQUE') {
        options.logger?.warn({ code: message.code }, 'index build worker: a statement failed; running it on the main thread');
      }
    });
    worker.on('error', unavailable);
    worker.on('exit', settle);
  });
}
