import type { Database } from 'better-sqlite3';
import type { Logger } from 'pino';
import { BootstrapLoader } from './bootstrapLoader';
import type { BootstrapFinishReport, BootstrapRow } from './bootstrapLoader';

export interface BulkLoadProgress {
  profiles: number;
  identifiers: number;
}

export interface BulkLoadResult extends BulkLoadProgress {
  milliseconds: number;
  /** Where the copy went and what finishing cost (a shadow copy's swap time among it). */
  finish: BootstrapFinishReport;
}

/**
 * Loads pages of profiles into the cache at bulk speed: BootstrapLoader begin → loadPage per page → finish. While
 * page N is inserted, page N+1 is read from `source` and hashed on a worker thread.
 * For seeding (demo members, the benchmark) and any one-shot import; the sync bootstrap drives BootstrapLoader itself
 * so it can store its page token with each page.
 */
export async function bulkLoadProfiles(
  db: Database,
  hashKey: Buffer,
  source: AsyncIterable<readonly BootstrapRow[]> | Iterable<readonly BootstrapRow[]>,
  onProgress?: (progress: BulkLoadProgress) => void,
  options: { logger?: Logger } = {},
): Promise<BulkLoadResult> {
  const started = performance.now();
  const loader = new BootstrapLoader(db, hashKey, options);
  const progress: BulkLoadProgress = { profiles: 0, identifiers: 0 };
  loader.begin();
  let finish: BootstrapFinishReport;
  try {
    let previous: Promise<unknown> = Promise.resolve();
    for await (const page of source) {
      // Hand this page to the loader (its hashing starts now), then wait for the one before it to commit.
      const current = loader.loadPage(page).then((done) => {
        progress.profiles += done.profiles;
        progress.identifiers += done.identifiers;
        onProgress?.({ ...progress });
      });
      current.catch(() => undefined); // observed below, in order; this only keeps an early failure from being "unhandled"
      await previous;
      previous = current;
    }
    await previous;
    finish = await loader.finish();
  } catch (error) {
    await loader.close();
    throw error;
  }
  return { ...progress, milliseconds: Math.round(performance.now() - started), finish };
}
